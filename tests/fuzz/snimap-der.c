/* snimap-der.c: libFuzzer harness for snimap's PEM, DER, X.509 and private key parsers.
 * Each input is tried as a DER certificate, as each kind of DER private key, and as
 * PEM text whose blocks go through the same parsers, and as both files of a --check. */
#include <stddef.h>
#include <stdint.h>

#include <stdlib.h>

#include "check.h"
#include "x509.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const key_labels[] = {
	"RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "DSA PRIVATE KEY", "RSA-PSS PRIVATE KEY"
};

static void
try_der(const char *label, const unsigned char *der, size_t len)
{
	struct x509_cert c;
	struct pubkey pk;
	size_t i;
	int have_cert = x509_parse(der, len, &c) == X509_OK;
	char oid[64];

	if (have_cert) {
		x509_sort_names(&c);
		if (c.pk.type == PK_OTHER)
			pk_oid_text(&c.pk, oid, sizeof oid);
		(void)x509_covers(&c, "a.example.com");
		(void)x509_covers(&c, "*.example.com");
	}
	for (i = 0; i < sizeof key_labels / sizeof key_labels[0]; i++) {
		if (label != NULL && i > 0)
			break;
		if (key_parse(label != NULL ? label : key_labels[i], der, len, &pk) == 0 && have_cert)
			(void)key_compare(&c.pk, &pk);
	}
	if (have_cert) {
		(void)key_compare(&c.pk, &c.pk);
		x509_free(&c);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pem_block *b;
	size_t n, i;
	char *report = NULL;
	struct pair_check *pc;

	try_der(NULL, data, size);
	n = pem_parse((const char *)data, size, &b);
	for (i = 0; i < n; i++)
		if (!b[i].broken)
			try_der(b[i].label, b[i].der, b[i].len);
	pem_free(b, n);
	/* the whole check, with the input as certificate file and as key file */
	pc = pair_run_pem((const char *)data, size, (const char *)data, size, 1767225600, 30);
	(void)pair_name(pc, "a.example.com", &report);
	free(report);
	(void)pair_name(pc, "*.example.com", &report);
	free(report);
	pair_free(pc);
	return 0;
}
