/**
 * Integration tests on a real Spark standalone cluster on this machine ({@code jobs/local-cluster.sh}:
 * a Master, two Workers, executors in their own JVMs, all on 127.0.0.1), the job submitted through
 * {@code jobs/submit.sh} as a user would, under faults: executors and drivers killed with SIGKILL, bad
 * rows. Results are checked per id and bit for bit against a {@code local[2]} run of the same input.
 * Linux only: faults are timed by reading {@code /proc/<pid>/fd} of the executor JVMs.
 */
package dev.unroll.cluster;
