#ifndef C_THREAD_NAME_H
#define C_THREAD_NAME_H

/// Names the calling thread (at most 15 bytes), as `top -H` and `ps -L` show it.
void zenodo_set_thread_name(const char *name);

#endif
