/* The floor for a verified download on this host: the least a program can do to fetch a file over
 * plain HTTP, write it and MD5 it, for `download.sh` to print beside zenodo-tui.
 *
 * One thread receives into a ring of 8 buffers of 256 KiB (they stay in cache: each is reused as soon
 * as it is hashed) and writes each buffer to the file at once; a second thread hashes the buffers
 * with OpenSSL's MD5 (hand-written assembly on x86-64, as is the BoringSSL MD5 zenodo-tui uses;
 * BoringSSL has none for arm64, so there the two are not alike). No TLS, no redirects, no retries,
 * no progress, no HTTP beyond a Content-Length body.
 *
 *   cc -O2 -o download-floor download-floor.c -lcrypto -lpthread
 *   download-floor 127.0.0.1 PORT /api/records/1/files/big.bin/content OUT   # prints the MD5
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { SLOTS = 8, SLOT = 256 << 10 };
static char *slot[SLOTS];
static size_t length[SLOTS];
static long long produced, hashed; /* buffers filled and written; buffers hashed */
static int ended;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static EVP_MD_CTX *md5;

static void die(const char *what) { perror(what); exit(1); }

static void *hash(void *unused) {
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (hashed == produced && !ended) pthread_cond_wait(&changed, &lock);
        long long upto = produced;
        pthread_mutex_unlock(&lock);
        if (hashed == upto) return NULL;
        for (long long i = hashed; i < upto; i++) EVP_DigestUpdate(md5, slot[i % SLOTS], length[i % SLOTS]);
        pthread_mutex_lock(&lock);
        hashed = upto;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&lock);
    }
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: download-floor HOST PORT PATH OUT\n"); return 2; }
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[2]))};
    if (inet_pton(AF_INET, argv[1], &address.sin_addr) != 1) { fprintf(stderr, "not an IPv4 address\n"); return 2; }
    if (connect(sock, (struct sockaddr *)&address, sizeof address) != 0) die("connect");
    char request[4096];
    int n = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", argv[3], argv[1]);
    if (send(sock, request, (size_t)n, 0) != n) die("send");

    /* The head, and whatever of the body came with it. */
    static char head[65536];
    size_t got = 0;
    char *end = NULL;
    while (!end) {
        if (got == sizeof head - 1) { fprintf(stderr, "head too long\n"); return 1; }
        ssize_t r = recv(sock, head + got, sizeof head - 1 - got, 0);
        if (r <= 0) die("reading the head");
        got += (size_t)r;
        head[got] = 0;
        end = strstr(head, "\r\n\r\n");
    }
    if (strncmp(head, "HTTP/1.1 200", 12) != 0) { fprintf(stderr, "not a 200: %.40s\n", head); return 1; }
    char *field = strcasestr(head, "\r\ncontent-length:");
    if (!field || field > end) { fprintf(stderr, "no Content-Length\n"); return 1; }
    long long left = atoll(field + 17);
    char *early = end + 4;
    size_t earlyBytes = (size_t)(head + got - early);

    int out = open(argv[4], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) die("open");
    for (int i = 0; i < SLOTS; i++) slot[i] = aligned_alloc(4096, SLOT);
    md5 = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md5, EVP_md5(), NULL);
    pthread_t hasher;
    pthread_create(&hasher, NULL, hash, NULL);

    while (left > 0) {
        pthread_mutex_lock(&lock);
        while (produced - hashed >= SLOTS) pthread_cond_wait(&changed, &lock);
        pthread_mutex_unlock(&lock);
        char *buffer = slot[produced % SLOTS];
        size_t filled = 0;
        if (earlyBytes) {
            filled = earlyBytes < SLOT ? earlyBytes : SLOT;
            memcpy(buffer, early, filled);
            early += filled;
            earlyBytes -= filled;
        }
        while (filled < SLOT && (long long)filled < left) {
            size_t want = SLOT - filled;
            if ((long long)want > left - (long long)filled) want = (size_t)(left - (long long)filled);
            ssize_t r = recv(sock, buffer + filled, want, 0);
            if (r <= 0) { fprintf(stderr, "connection ended early\n"); return 1; }
            filled += (size_t)r;
        }
        for (size_t done = 0; done < filled;) {
            ssize_t w = write(out, buffer + done, filled - done);
            if (w < 0) die("write");
            done += (size_t)w;
        }
        left -= (long long)filled;
        pthread_mutex_lock(&lock);
        length[produced % SLOTS] = filled;
        produced++;
        pthread_cond_broadcast(&changed);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    ended = 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    pthread_join(hasher, NULL);
    unsigned char digest[16];
    EVP_DigestFinal_ex(md5, digest, NULL);
    if (close(out) != 0) die("close");
    for (int i = 0; i < 16; i++) printf("%02x", digest[i]);
    printf("\n");
    return 0;
}
