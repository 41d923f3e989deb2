/* textscan.c: finding addresses in free text, where nothing marks where one begins or
 * ends: the longest run of address bytes on each side of an '@', trimmed. */
#include <stddef.h>
#include <string.h>

#include "addrlist.h"
#include "textscan.h"

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* atext of RFC 5322, plus the dot */
static int
local_ascii(unsigned char c)
{
	return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL);
}

static int
domain_ascii(unsigned char c)
{
	return is_alnum(c) || c == '-' || c == '.' || c == '_';
}

/* The UTF-8 sequence at s[i..n): its length, or 0 when invalid; *letter tells
 * whether it is a letter of an alphabetic script (Latin to Greek extended). CJK,
 * kana and punctuation end an address, so Japanese prose around it stays out. */
static size_t
utf8_char(const unsigned char *s, size_t n, size_t i, int *letter)
{
	unsigned c = s[i], cp, need, min, k;

	*letter = 0;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (n - i <= need)
		return 0;
	for (k = 1; k <= need; k++) {
		if ((s[i + k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i + k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	*letter = cp >= 0xc0 && cp <= 0x1fff && cp != 0xd7 && cp != 0xf7;
	return need + 1;
}

/* Labels of letters, digits, '-' and '_', none empty, none with '-' at an end. */
static int
domain_ok(const unsigned char *s, size_t n)
{
	size_t i, label = 0;

	if (n == 0)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (i == label || s[label] == '-' || s[i - 1] == '-')
				return 0;
			label = i + 1;
		}
	}
	return 1;
}

/* Whether s[start..end) was cut out of a word by a lone byte that is not UTF-8: the
 * "rg@b" of "j\xf6rg@b\xfccher" in Latin-1, better not printed at all. Two or more
 * such bytes in a row are EUC-JP or Shift_JIS text around the address, which ends
 * it as CJK characters in UTF-8 do. */
static int
latin1_cut(const unsigned char *s, size_t n, size_t start, size_t end)
{
	if (start > 0 && s[start - 1] >= 0x80 && (start < 2 || s[start - 2] < 0x80))
		return 1;
	return end < n && s[end] >= 0x80 && (end + 1 == n || s[end + 1] < 0x80);
}

size_t
textscan(const char *text, size_t n, unsigned flags, text_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *p;
	size_t pos = 0, floor = 0, count = 0;
	int letter;

	while (pos < n && (p = memchr(s + pos, '@', n - pos)) != NULL) {
		size_t at = (size_t)(p - s), start, i, end, k;

		/* Left: the widest run of local-part bytes, then cut before anything in it
		 * that is not a letter or not UTF-8. */
		start = at;
		while (start > floor && (local_ascii(s[start - 1]) || s[start - 1] >= 0x80))
			start--;
		for (i = start; i < at;) {
			if (s[i] < 0x80) {
				i++;
				continue;
			}
			k = utf8_char(s, at, i, &letter);
			i += k ? k : 1;
			if (!letter)
				start = i;
		}
		/* ISO-2022-JP text switches back to ASCII with ESC ( B just before */
		if (start >= 2 && start < at && s[start - 2] == 0x1b && s[start - 1] == '(')
			start++;
		while (start < at && s[start] < 0x80 && !is_alnum(s[start]) && s[start] != '_')
			start++;
		/* Right: letters, digits, '-', '.', '_'; no dot or hyphen at the end. */
		for (end = at + 1; end < n;) {
			if (domain_ascii(s[end])) {
				end++;
				continue;
			}
			if (s[end] < 0x80 || (k = utf8_char(s, n, end, &letter)) == 0 || !letter)
				break;
			end += k;
		}
		while (end > at + 1 && (s[end - 1] == '.' || s[end - 1] == '-'))
			end--;
		if (start < at && domain_ok(s + at + 1, end - at - 1) &&
		    addrlist_dots_ok(text + start, at - start, flags) &&
		    !latin1_cut(s, n, start, end)) {
			fn(ctx, text + start, end - start, at - start, start);
			count++;
			floor = pos = end;
		} else {
			floor = pos = at + 1;
		}
	}
	return count;
}
