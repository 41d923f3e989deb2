/* format.c: what Postfix's tls_server_sni_maps and Dovecot's local_name blocks read. */
#include <stdio.h>
#include <string.h>

#include "format.h"

/* smtpd_tls_chain_files syntax: key then chain, a file that holds both named once; a
 * second pair of another key type follows the first (Postfix loads one per type). */
static void
postfix_pair(FILE *out, const char *key, const char *cert)
{
	if (strcmp(key, cert) == 0)
		fprintf(out, "%s", key);
	else
		fprintf(out, "%s, %s", key, cert);
}

static void
postfix_entry(FILE *out, const struct item *it)
{
	const struct entry *e = &it->e;

	/* Postfix looks up ".parent" for any name under parent */
	fprintf(out, "%s ", e->wildcard ? e->name + 1 : e->name);
	postfix_pair(out, e->key, e->cert);
	if (it->alt.cert != NULL) {
		fputs(", ", out);
		postfix_pair(out, it->alt.key, it->alt.cert);
	}
	fputc('\n', out);
}

void
format_list(FILE *out, enum format fmt, const struct list *l, const char *maptype,
    const char *map)
{
	size_t i;

	if (fmt == FMT_MAINCF) {
		fprintf(out, "tls_server_sni_maps = %s:%s\n", maptype, map);
		return;
	}
	for (i = 0; i < l->n; i++) {
		const struct item *it = &l->v[i];
		const struct entry *e = &it->e;

		if (it->dropped)
			continue;
		switch (fmt) {
		case FMT_POSTFIX:
			postfix_entry(out, it);
			break;
		case FMT_DOVECOT:
			fprintf(out, "local_name %s {\n  ssl_cert = <%s\n  ssl_key = <%s\n", e->name,
			    e->cert, e->key);
			if (it->alt.cert != NULL)
				fprintf(out, "  ssl_alt_cert = <%s\n  ssl_alt_key = <%s\n",
				    it->alt.cert, it->alt.key);
			fputs("}\n", out);
			break;
		case FMT_DOVECOT24:
			fprintf(out, "local_name %s {\n  ssl_server_cert_file = %s\n"
			    "  ssl_server_key_file = %s\n", e->name, e->cert, e->key);
			if (it->alt.cert != NULL)
				fprintf(out, "  ssl_server_alt_cert_file = %s\n"
				    "  ssl_server_alt_key_file = %s\n", it->alt.cert, it->alt.key);
			fputs("}\n", out);
			break;
		case FMT_MAINCF:
			break;
		}
	}
}
