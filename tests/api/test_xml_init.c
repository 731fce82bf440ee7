/*
 * test_xml_init.c -- two threads meeting libxml2 for the first time.
 *
 * libxml2 2.9 (Debian 12) deadlocks when two threads initialise it at the
 * same moment (xmlRMutexLock under xmlDictCreate); dynlib.c runs its
 * initialisation once.  The race needs a process that has not used
 * libxml2 yet, so each round forks a child in which two threads, released
 * together by a barrier, parse an HTML document each.  A child that
 * deadlocks is killed by its alarm and counts as a failure.  (Before the
 * fix, `corpus add -j 2` over two HTML files hung in 2-4% of runs.)
 */
#include "harness.h"

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 100

static const char html[] =
    "<!DOCTYPE html><html><head><title>Tea</title></head><body>"
    "<p>Jane Bennet and Tom Smith sat down.</p>"
    "<p>&ldquo;More tea?&rdquo; said Jane.</p>"
    "<p>&ldquo;Please,&rdquo; said Tom.</p></body></html>";

static pthread_barrier_t start;

static void *parse_one(void *arg) {
  int *ok = arg;
  dr_options o;
  memset(&o, 0, sizeof o);
  o.input_format = DR_INPUT_HTML;
  pthread_barrier_wait(&start);
  dr_doc *d = NULL;
  *ok = dr_doc_parse(html, sizeof html - 1, &o, &d) == DR_OK &&
        dr_quote_count(d) == 2;
  dr_doc_free(d);
  return NULL;
}

/* One child: two threads, one barrier; exit 0 when both parsed. */
static int child(void) {
  alarm(20);
  pthread_t t[2];
  int ok[2] = {0, 0};
  if (pthread_barrier_init(&start, NULL, 2) != 0)
    return 3;
  for (int i = 0; i < 2; i++)
    if (pthread_create(&t[i], NULL, parse_one, &ok[i]) != 0)
      return 3;
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start);
  return ok[0] && ok[1] ? 0 : 1;
}

int main(void) {
  int hung = 0, failed = 0;
  for (int r = 0; r < ROUNDS; r++) {
    fflush(NULL);
    pid_t pid = fork();
    OK(pid >= 0);
    if (pid < 0)
      break;
    if (pid == 0)
      _exit(child());
    int status = 0;
    OK(waitpid(pid, &status, 0) == pid);
    if (WIFSIGNALED(status))
      hung++;
    else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      failed++;
  }
  if (hung || failed)
    fprintf(stderr, "%d of %d rounds hung, %d failed\n", hung, ROUNDS,
            failed);
  INT_EQ(hung, 0);
  INT_EQ(failed, 0);
  DONE();
}
