package dev.unroll.spark.plan;

import dev.unroll.config.BadRowPolicy;
import java.io.Serializable;

/** The plain configuration a task needs, cut from the job configuration on the driver. */
public record PartitionPlan(InputPlan input, OutputPlan output, int batchSize, int sortWindow, BadRowPolicy badRows)
    implements Serializable {}
