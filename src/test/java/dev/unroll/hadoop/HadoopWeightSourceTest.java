package dev.unroll.hadoop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.unroll.cell.LstmCell;
import dev.unroll.model.ModelHints;
import dev.unroll.weights.LoadedModel;
import dev.unroll.weights.LocalWeightSource;
import dev.unroll.weights.load.Models;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Weights read through Hadoop's file system API load exactly as through the local one. */
class HadoopWeightSourceTest {
  @TempDir Path dir;

  @Test
  void aFileUriLoadsTheSameModelAsTheLocalPath() throws IOException {
    Path npz = dir.resolve("demo-lstm.npz");
    try (InputStream in = getClass().getResourceAsStream("/demo/demo-lstm.npz")) {
      Files.copy(in, npz);
    }
    LoadedModel local = Models.load(LocalWeightSource.of(npz), ModelHints.NONE);
    LoadedModel hadoop = Models.load(HadoopWeightSource.of(npz.toUri().toString(), new Configuration()),
        ModelHints.NONE);
    assertEquals(local.provenance().sha256(), hadoop.provenance().sha256());
    assertEquals(local.provenance().tensors(), hadoop.provenance().tensors());
    LstmCell a = (LstmCell) local.model().layers().get(0).forward().get(0);
    LstmCell b = (LstmCell) hadoop.model().layers().get(0).forward().get(0);
    assertArrayEquals(a.inputKernel(), b.inputKernel());
    assertArrayEquals(a.recurrentKernel(), b.recurrentKernel());
    assertArrayEquals(a.bias(), b.bias());
    assertEquals(npz.toUri().toString(), hadoop.provenance().source());
  }

  @Test
  void siblingsMayNotLeaveTheFolder() {
    HadoopWeightSource source = HadoopWeightSource.of(dir.resolve("model.ckpt.index").toString(), new Configuration());
    assertThrows(IllegalArgumentException.class, () -> source.sibling("../secret"));
    assertThrows(IllegalArgumentException.class, () -> source.child("a/../../b"));
  }
}
