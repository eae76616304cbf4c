/* The ncursesw surface zenodo-tui uses, made importable by Swift: wide-character API switched on
   (pkg-config's -D flags are dropped by SwiftPM), macros and C globals behind small accessors,
   and signal handlers that only set a flag and wake the event loop through a pipe. */
#ifndef ZENODO_TUI_CNCURSES_SHIM_H
#define ZENODO_TUI_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

static inline WINDOW *zt_stdscr(void) { return stdscr; }
static inline int zt_lines(void) { return LINES; }
static inline int zt_cols(void) { return COLS; }
static inline attr_t zt_a_bold(void) { return A_BOLD; }
static inline attr_t zt_a_dim(void) { return A_DIM; }
static inline attr_t zt_a_reverse(void) { return A_REVERSE; }
static inline attr_t zt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t zt_a_normal(void) { return A_NORMAL; }
static inline int zt_key_resize(void) { return KEY_RESIZE; }
static inline int zt_key_code_yes(void) { return KEY_CODE_YES; }
static inline int zt_wcwidth(wchar_t c) { return wcwidth(c); }

/* Writes one cell: a wide character string (a grapheme) with attributes and a colour pair. */
static inline int zt_put(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) == ERR) return ERR;
    return mvadd_wch(y, x, &cell);
}

/* Checks the terminal without initscr's habit of exiting: 1 usable, 0 not (reason in *why). */
static inline int zt_terminal_usable(const char **why) {
    int err = 0;
    if (setupterm(NULL, 1, &err) != OK) {
        *why = err == 0 ? "TERM names an unknown terminal type" : "the terminal database cannot be found";
        return 0;
    }
    if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
        *why = "the terminal cannot move the cursor (TERM=dumb?)";
        del_curterm(cur_term);
        return 0;
    }
    del_curterm(cur_term);
    return 1;
}

/* Signals: record which one and write a byte to the wake pipe; the loop does the rest. */
static volatile sig_atomic_t zt_pending_signal = 0;
static volatile sig_atomic_t zt_resized = 0;
static int zt_wake_fd = -1;

/* The watchdog: a SIGINT, SIGTERM or SIGHUP the loop has not taken within a second (it is stuck
   in some work) ends the program anyway, with the terminal restored (defined below). */
static volatile sig_atomic_t zt_watchdog_signal = 0;
static inline void zt_watchdog(int unused);

static inline void zt_signal_handler(int sig) {
    int saved = errno;
    if (sig == SIGWINCH) zt_resized = 1; else { zt_pending_signal = sig; zt_watchdog_signal = sig; alarm(1); }
    if (zt_wake_fd >= 0) { char b = 's'; ssize_t r = write(zt_wake_fd, &b, 1); (void)r; }
    errno = saved;
}

static inline void zt_install_signals(int wake_fd) {
    zt_wake_fd = wake_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = zt_signal_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGWINCH, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction watchdog;
    memset(&watchdog, 0, sizeof watchdog);
    watchdog.sa_handler = zt_watchdog;
    sigemptyset(&watchdog.sa_mask);
    sigaction(SIGALRM, &watchdog, NULL);
}

/* Taking a signal disarms the watchdog: the loop is alive and deals with it. */
static inline int zt_take_signal(void) {
    int s = zt_pending_signal;
    zt_pending_signal = 0;
    if (s != 0) alarm(0);
    return s;
}
static inline int zt_take_resize(void) { int r = zt_resized; zt_resized = 0; return r; }

/* The window size from the kernel (after SIGWINCH), 0 on failure. */
static inline int zt_window_size(int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0) return 0;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 1;
}

/* Crash safety: the terminal state saved before curses starts, restored with async-signal-safe
   calls only (tcsetattr, write) if the process dies on SIGSEGV/SIGABRT/SIGILL/SIGTRAP/SIGBUS. */
/* Function-local statics: Swift's importer emits a header's file-scope struct statics
   nowhere, but keeps these with their functions. */
static inline struct termios *zt_saved_termios(void) { static struct termios saved; return &saved; }
static inline int *zt_have_saved_termios(void) { static int have = 0; return &have; }

static inline void zt_crash_handler(int sig) {
    if (*zt_have_saved_termios()) tcsetattr(STDIN_FILENO, TCSANOW, zt_saved_termios());
    static const char restore[] = "\033[?1049l\033[?25h\033[0m\r\n";
    ssize_t r = write(STDOUT_FILENO, restore, sizeof restore - 1); (void)r;
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void zt_watchdog(int unused) {
    (void)unused;
    if (*zt_have_saved_termios()) tcsetattr(STDIN_FILENO, TCSANOW, zt_saved_termios());
    static const char restore[] = "\033[?1049l\033[?25h\033[0m\r\n";
    ssize_t r = write(STDOUT_FILENO, restore, sizeof restore - 1); (void)r;
    _exit(128 + zt_watchdog_signal);
}

static inline void zt_install_crash_restore(void) {
    if (tcgetattr(STDIN_FILENO, zt_saved_termios()) == 0) *zt_have_saved_termios() = 1;
    int crash_signals[] = { SIGSEGV, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE };
    for (unsigned i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = zt_crash_handler;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(crash_signals[i], &action, NULL);
    }
}

#endif
