/* mailbox.c: printing a mailbox so that it reads back the same. */
#include <stddef.h>
#include <string.h>

#include "addrlist.h"
#include "mailbox.h"

/* Whether s[0..n) holds "=?", without which no text holds an encoded word. */
static int
has_word_start(const char *s, size_t n)
{
	const char *eq;

	for (; n >= 2 && (eq = memchr(s, '=', n - 1)) != NULL; n -= (size_t)(eq - s) + 1,
	    s = eq + 1)
		if (eq[1] == '?')
			return 1;
	return 0;
}

/* Whether a reader that decodes s[0..n) as a display name gets s back. */
static int
reads_back(struct rfc2047 *d, const char *s, size_t n)
{
	struct kbuf back = KBUF_INIT;
	int same;

	kbuf_reset(&back);
	rfc2047_display_name(d, s, n, &back);
	same = back.len == n && memcmp(back.p, s, n) == 0;
	kbuf_free(&back);
	return same;
}

void
mailbox_add_name(struct rfc2047 *d, struct kbuf *out, const char *name, size_t n)
{
	struct kbuf text = KBUF_INIT;
	size_t i;

	if (!has_word_start(name, n) || reads_back(d, name, n)) {
		addrlist_add_name(out, name, n);
		return;
	}
	/* Text that a reader would decode (a decoded word spelling another, words that
	 * failed alone but join up once apart only by spaces): each "=?" is written
	 * as an encoded word for "=" and the '?', which nothing decodes further. */
	for (i = 0; i < n; i++) {
		if (name[i] == '=' && i + 1 < n && name[i + 1] == '?')
			kbuf_addstr(&text, "=?UTF-8?Q?=3D?=");
		else
			kbuf_addc(&text, name[i]);
	}
	addrlist_add_name(out, text.p, text.len);
	kbuf_free(&text);
}

void
mailbox_add(struct rfc2047 *d, struct kbuf *out, const char *name, size_t name_len,
    const char *addr, size_t addr_len)
{
	if (name_len > 0) {
		mailbox_add_name(d, out, name, name_len);
		kbuf_addstr(out, " <");
	}
	kbuf_add(out, addr, addr_len);
	if (name_len > 0)
		kbuf_addc(out, '>');
}
