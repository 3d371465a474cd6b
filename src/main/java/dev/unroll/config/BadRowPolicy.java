package dev.unroll.config;

/** What the job does with a row it cannot score. */
public enum BadRowPolicy {
  /** Stop the job with an error naming the row id, the column and the problem. */
  FAIL,
  /** Leave the row out and count it. */
  SKIP,
  /** Leave the row out, count it, and write it with the reason to a separate output. */
  QUARANTINE
}
