/**
 * unroll in SQL: {@link dev.unroll.sql.UnrollExtensions} registers the table function {@code unroll_score},
 * which runs {@link dev.unroll.ml.RnnEncoder} (and so the score job's scoring pass) over a {@code TABLE(...)}
 * argument. Depends on {@code ml}; nothing numeric lives here.
 */
package dev.unroll.sql;
