/* postmap.h: finding Postfix's postmap where cron's PATH does not reach, and running it. */
#ifndef SNIMAP_POSTMAP_H
#define SNIMAP_POSTMAP_H

/* The absolute path of postmap: the first absolute PATH directory that has it, else
 * command_directory of main.cf in Postfix's configuration directory ($MAIL_CONFIG or
 * /etc/postfix), else /usr/sbin, else /usr/local/sbin. Returns a new string, or NULL
 * with a message printed (not found, main.cf unreadable). */
char *postmap_find(void);

/* Run postmap -F TYPE:FILE by its absolute path, without a shell; anything it prints
 * is a failure. Returns 0, or -1 with a message printed. */
int postmap_run(const char *postmap, const char *maptype, const char *file);

#endif
