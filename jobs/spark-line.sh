# Sourced by jobs/ scripts (not run): which Spark line they build and run. Needs ROOT set.
#   SPARK_LINE  4.2 (default, the pom's default build), 4.1, 4.0, 3.5 (Scala 2.13) or 3.5_2.12; each is the
#               pom profile spark-<line>, built into its own folder:
#   BUILD_DIR   target for the default line, target/spark-<line> for the others; it holds unroll.jar (also
#               named unroll-spark-<line>_<scala>.jar), local-classpath.txt and spark-dist/
#   MVN_LINE    the Maven arguments that select the line
# CompatibilityTableTest checks this list against the pom's profiles and the README's table.
SPARK_LINES="4.2 4.1 4.0 3.5 3.5_2.12"
SPARK_LINE="${SPARK_LINE:-4.2}"
case " $SPARK_LINES " in
  *" $SPARK_LINE "*) ;;
  *)
    echo "error: SPARK_LINE=$SPARK_LINE is not a supported Spark line; expected one of: $SPARK_LINES" >&2
    exit 2
    ;;
esac
if [[ "$SPARK_LINE" == 4.2 ]]; then
  BUILD_DIR="$ROOT/target"
else
  BUILD_DIR="$ROOT/target/spark-$SPARK_LINE"
fi
MVN_LINE="-Pspark-$SPARK_LINE"
