/* scan.c: --scan: one item per name of each certificate found under a layout's directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanri.h"
#include "check.h"
#include "scan.h"

static char *
join_path(const char *dir, const char *name, const char *file)
{
	size_t len = strlen(dir) + strlen(name) + strlen(file) + 3;
	char *p = kmalloc(len);

	snprintf(p, len, "%s/%s/%s", dir, name, file);
	return p;
}

/* Where a certificate directory keeps its files under each layout. */
static void
scan_files(enum layout_kind kind, const char *dir, const char *sub, char **cert, char **key)
{
	size_t len = strlen(sub);
	char *keyname;

	if (kind != LAYOUT_ACMESH) {
		*cert = join_path(dir, sub, "fullchain.pem");
		*key = join_path(dir, sub, "privkey.pem");
		return;
	}
	if (len > 4 && strcmp(sub + len - 4, "_ecc") == 0)
		len -= 4;
	keyname = kmalloc(len + 5);
	snprintf(keyname, len + 5, "%.*s.key", (int)len, sub);
	*cert = join_path(dir, sub, "fullchain.cer");
	*key = join_path(dir, sub, keyname);
	free(keyname);
}

static void
scan_one(const char *cert, const char *key, struct list *l)
{
	char err[INPUT_ERRLEN];
	struct leaf_info info;
	enum leaf_error le;
	size_t i;
	int ferr;

	if (path_check(cert, err) != 0 || path_check(key, err) != 0) {
		kwarnx("%s: %s", cert, err);
		l->errors++;
		return;
	}
	if ((le = leaf_read(cert, &info, &ferr)) != LEAF_OK) {
		kwarnx("%s: %s", cert, leaf_error_text(le, ferr));
		l->errors++;
		return;
	}
	for (i = 0; i < info.n; i++) {
		char *a = name_to_alabel(info.names[i], strlen(info.names[i]), err);

		if (a == NULL) {
			kwarnx("%s: %s: %s", cert, info.names[i], err);
			l->errors++;
		} else {
			struct item *it = list_add(l);

			it->e.name = a;
			it->e.wildcard = a[0] == '*';
			it->e.cert = kstrdup(cert);
			it->e.key = kstrdup(key);
			it->src = kstrdup(cert);
			it->not_after = info.not_after;
			it->type = info.type;
		}
		free(info.names[i]);
	}
	free(info.names);
}

void
scan_dir(const char *arg, enum layout_kind kind, struct list *l)
{
	/* the map and dovecot.conf need absolute paths */
	char *dir = realpath(arg, NULL);
	int fd = dir != NULL ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	struct kdir d;
	size_t i;
	int err;

	if (fd < 0) {
		kwarn("%s", arg);
		l->errors++;
		free(dir);
		return;
	}
	if ((err = kdir_read(fd, KDIR_NOHIDDEN, &d)) != 0) {
		errno = err;
		kwarn("%s", dir);
		l->errors++;
	}
	close(fd);
	for (i = 0; i < d.n; i++) {
		char *cert, *key;
		struct stat st;

		scan_files(kind, dir, d.ent[i].name, &cert, &key);
		/* directories without a certificate (certbot's README, acme.sh's ca/) are not ours */
		if (stat(cert, &st) == 0)
			scan_one(cert, key, l);
		free(cert);
		free(key);
	}
	kdir_free(&d);
	free(dir);
}
