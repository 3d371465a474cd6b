package dev.unroll.weights;

import dev.unroll.model.RnnModel;

/** A model read from a weights file, with where it came from. */
public record LoadedModel(RnnModel model, Provenance provenance) {}
