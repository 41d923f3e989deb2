/* mailbox.c: printing a mailbox so that it reads back the same. */
#include <stddef.h>
#include <string.h>

#include "addrlist.h"
#include "mailbox.h"

/* Append s[0..n) as one Q-encoded UTF-8 word: every byte but letters and digits as
 * =XX, which no reader takes for anything but text. */
static void
add_encoded_word(struct kbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	kbuf_addstr(out, "=?UTF-8?Q?");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			kbuf_addc(out, c);
		} else {
			kbuf_addc(out, '=');
			kbuf_addc(out, hex[c >> 4]);
			kbuf_addc(out, hex[c & 15]);
		}
	}
	kbuf_addstr(out, "?=");
}

/* Whether a reader that decodes s[0..n) as a display name gets s back; *as_word
 * tells the same for s written as one encoded word. */
static int
reads_back(struct rfc2047 *d, const char *s, size_t n, int *as_word)
{
	struct kbuf word = KBUF_INIT, back = KBUF_INIT;
	int same;

	kbuf_reset(&back);
	rfc2047_display_name(d, s, n, &back);
	same = back.len == n && memcmp(back.p, s, n) == 0;
	*as_word = 0;
	if (!same && utf8_valid(s, n)) {
		add_encoded_word(&word, s, n);
		kbuf_reset(&back);
		rfc2047_display_name(d, word.p, word.len, &back);
		*as_word = back.len == n && memcmp(back.p, s, n) == 0;
	}
	kbuf_free(&word);
	kbuf_free(&back);
	return same;
}

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

void
mailbox_add_name(struct rfc2047 *d, struct kbuf *out, const char *name, size_t n)
{
	int as_word;

	if (has_word_start(name, n) && !reads_back(d, name, n, &as_word) && as_word) {
		add_encoded_word(out, name, n);
		return;
	}
	addrlist_add_name(out, name, n);
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
