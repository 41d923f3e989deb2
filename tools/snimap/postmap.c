/* postmap.c: Postfix's postmap, found where Postfix installs it when PATH (cron's
 * /usr/bin:/bin) does not have it, and run by its absolute path without a shell. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kanri.h"
#include "postmap.h"

/* Postfix's compiled-in command_directory on Debian and RHEL, then a source install's. */
static const char *const fallback_dirs[] = { "/usr/sbin", "/usr/local/sbin" };

/* dir/postmap when it is an executable regular file, else NULL. */
static char *
try_dir(const char *dir, size_t dirlen)
{
	size_t len = dirlen + sizeof "/postmap";
	char *p = kmalloc(len);
	struct stat st;

	snprintf(p, len, "%.*s/postmap", (int)dirlen, dir);
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
		return p;
	free(p);
	return NULL;
}

/* PATH as execvp reads it, its relative directories skipped: a root job must not
 * run whatever postmap its working directory holds. */
static char *
search_path(void)
{
	const char *path = getenv("PATH"), *dir, *end;
	char *found = NULL;

	if (path == NULL)
		path = "/bin:/usr/bin";
	for (dir = path; found == NULL; dir = end + 1) {
		end = strchr(dir, ':');
		if (end == NULL)
			end = dir + strlen(dir);
		if (dir[0] == '/')
			found = try_dir(dir, (size_t)(end - dir));
		if (*end == '\0')
			break;
	}
	return found;
}

/* The value of "name = value" when line sets name, else NULL (line is changed). */
static char *
setting(char *line, const char *name)
{
	size_t nlen = strlen(name), len;
	char *v;

	if (strncmp(line, name, nlen) != 0)
		return NULL;
	v = line + nlen;
	v += strspn(v, " \t");
	if (*v != '=')
		return NULL;
	v++;
	v += strspn(v, " \t");
	len = strlen(v);
	while (len > 0 && strchr(" \t\r\n", v[len - 1]) != NULL)
		len--;
	v[len] = '\0';
	return v;
}

/* command_directory from main.cf (the last setting wins, as in Postfix). *dir is NULL
 * when main.cf does not exist or does not set it. Returns 0, or -1 with a message. */
static int
command_directory(char **dir)
{
	const char *conf = getenv("MAIL_CONFIG");
	char *path, *line = NULL, *v;
	size_t len, cap = 0;
	ssize_t got;
	FILE *fp;
	int rc = 0;

	*dir = NULL;
	if (conf == NULL || *conf == '\0')
		conf = "/etc/postfix";
	len = strlen(conf) + sizeof "/main.cf";
	path = kmalloc(len);
	snprintf(path, len, "%s/main.cf", conf);
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno != ENOENT) {
			kwarn("%s", path);
			rc = -1;
		}
		free(path);
		return rc;
	}
	/* a continuation line starts with a blank, so it never looks like a setting */
	while ((got = kgetdelim(&line, &cap, '\n', fp, 0)) >= 0) {
		if ((v = setting(line, "command_directory")) != NULL) {
			free(*dir);
			*dir = kstrdup(v);
		}
	}
	if (got == KLINE_ERROR) {
		kwarn("%s", path);
		rc = -1;
		free(*dir);
		*dir = NULL;
	}
	fclose(fp);
	free(line);
	free(path);
	return rc;
}

char *
postmap_find(void)
{
	char *found, *dir;
	size_t i;

	if ((found = search_path()) != NULL)
		return found;
	if (command_directory(&dir) != 0)
		return NULL;
	/* a value made of other parameters ($daemon_directory/..) is not expanded */
	if (dir != NULL && dir[0] == '/' && strchr(dir, '$') == NULL)
		found = try_dir(dir, strlen(dir));
	free(dir);
	for (i = 0; found == NULL && i < sizeof fallback_dirs / sizeof *fallback_dirs; i++)
		found = try_dir(fallback_dirs[i], strlen(fallback_dirs[i]));
	if (found == NULL)
		kwarnx("postmap: not in PATH, main.cf's command_directory, /usr/sbin or "
		    "/usr/local/sbin");
	return found;
}

/* Everything written on fd until its writers close it, into *out (*len bytes). */
static void
collect(int fd, char **out, size_t *len)
{
	size_t cap = 0;
	char chunk[4096];
	ssize_t got;

	*out = NULL;
	*len = 0;
	for (;;) {
		got = read(fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (*len + (size_t)got > cap) {
			cap = (*len + (size_t)got) * 2;
			*out = kreallocarray(*out, cap, 1);
		}
		memcpy(*out + *len, chunk, (size_t)got);
		*len += (size_t)got;
	}
}

/* postmap exits 0 after dropping an entry it could not read, so anything it prints
 * is a failure. */
int
postmap_run(const char *postmap, const char *maptype, const char *file)
{
	size_t alen = strlen(maptype) + strlen(file) + 2, olen;
	char *arg = kmalloc(alen), *outbuf;
	int fds[2], status, rc = 0;
	pid_t pid;

	snprintf(arg, alen, "%s:%s", maptype, file);
	if (pipe(fds) != 0)
		kerr(2, "pipe");
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		kerr(2, "fork");
	if (pid == 0) {
		char *argv[] = { "postmap", "-F", arg, NULL };

		close(fds[0]);
		if (dup2(fds[1], 1) < 0 || dup2(fds[1], 2) < 0)
			_exit(127);
		close(fds[1]);
		execv(postmap, argv);
		fprintf(stderr, "%s: %s: %s\n", kanri_progname, postmap, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	collect(fds[0], &outbuf, &olen);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			kerr(2, "waitpid");
	if (olen > 0) {
		fwrite(outbuf, 1, olen, stderr);
		if (outbuf[olen - 1] != '\n')
			fputc('\n', stderr);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status))
			kwarnx("postmap -F %s: exit status %d", arg, WEXITSTATUS(status));
		else
			kwarnx("postmap -F %s: killed by signal %d", arg, WTERMSIG(status));
		rc = -1;
	} else if (olen > 0) {
		kwarnx("postmap -F %s: warnings are failures", arg);
		rc = -1;
	}
	free(outbuf);
	free(arg);
	return rc;
}
