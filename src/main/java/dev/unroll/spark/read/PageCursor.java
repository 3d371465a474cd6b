package dev.unroll.spark.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;

/**
 * One column chunk's pages, one page at a time: its repetition and definition levels decoded into int
 * arrays, and its non-null values, PLAIN (copied in bulk, little endian, into a vector) or dictionary
 * ids (decoded in bulk, then looked up). Version 1 and 2 data pages; any other encoding is an error,
 * which the file check ({@link FileCheck}) rules out before a batch is read.
 */
// PLAIN_DICTIONARY is deprecated in parquet-mr's API, yet its version 1 writer (Spark's default) still writes it;
// BytesInput.toByteBuffer() from 1.15 on, and its replacement is missing from the 1.13 of the Spark 3.5 lines
@SuppressWarnings("deprecation")
final class PageCursor {
  private final PageReader pages;
  private final ColumnShape.Leaf leaf;
  private final int maxRep;
  private final int maxDef;
  private final String column;
  private long[] dictionary;
  /** Where the arrays below come from and go back to when they grow, kept from chunk to chunk. */
  private final ReadScratch.Levels kept;
  int[] rep;
  int[] def;
  /** Level entries in the current page, and the next one to read. */
  int count;
  int pos;
  /**
   * Whether every entry of the current page is a non-null leaf in non-empty lists (its definition
   * levels are all the maximum, the case of data without nulls). Then only its marks are decoded: the
   * entries that start a row or a list, {@code markAt[k]} and their repetition level {@code markRep[k]},
   * {@code marks} of them, the next one {@code mark}; the entries between are the deepest lists' next
   * leaves. Otherwise {@link #rep} and {@link #def} hold every entry's levels.
   */
  boolean dense;
  int[] markAt;
  int[] markRep;
  int marks;
  int mark;
  private byte[] values;
  private int valuePos;
  /** The current page's bytes: {@code loaded[..loadedEnd]}, from where {@link #load} returns. */
  private byte[] loaded;
  private int loadedEnd;
  private int[] ids;
  private int idPos;
  private boolean dictionaryEncoded;

  PageCursor(PageReader pages, ColumnShape shape, int maxRep, String column, ReadScratch.Levels kept)
      throws IOException {
    this.pages = pages;
    this.kept = kept;
    this.rep = kept.rep;
    this.def = kept.def;
    this.markAt = kept.markAt;
    this.markRep = kept.markRep;
    this.ids = kept.ids;
    this.leaf = shape.leaf();
    this.maxRep = maxRep;
    this.maxDef = shape.maxDef();
    this.column = column;
    DictionaryPage dict = pages.readDictionaryPage();
    if (dict != null) {
      readDictionary(dict);
    }
  }

  /** Moves to the next page; false at the end of the chunk. */
  boolean nextPage() throws IOException {
    DataPage page = pages.readPage();
    if (page == null) {
      return false;
    }
    count = page.getValueCount();
    pos = 0;
    mark = 0;
    byte[] data;
    int at;
    Encoding encoding;
    if (page instanceof DataPageV1 v1) {
      if ((maxRep > 0 && v1.getRlEncoding() != Encoding.RLE) || (maxDef > 0 && v1.getDlEncoding() != Encoding.RLE)) {
        throw new IllegalStateException(column + ": levels encoded " + v1.getRlEncoding() + "/" + v1.getDlEncoding());
      }
      int start = load(v1.getBytes());
      data = loaded;
      // each level run (when its level can be above 0) after its byte length, little endian
      int repEnd = maxRep == 0 ? start : start + 4 + lengthAt(data, start);
      int defEnd = maxDef == 0 ? repEnd : repEnd + 4 + lengthAt(data, repEnd);
      levels(data, start + 4, repEnd, data, repEnd + 4, defEnd);
      at = defEnd;
      encoding = v1.getValueEncoding();
    } else if (page instanceof DataPageV2 v2) {
      byte[] r = maxRep == 0 ? null : v2.getRepetitionLevels().toByteArray();
      byte[] d = maxDef == 0 ? null : v2.getDefinitionLevels().toByteArray();
      levels(r, 0, r == null ? 0 : r.length, d, 0, d == null ? 0 : d.length);
      at = load(v2.getData());
      data = loaded;
      encoding = v2.getDataEncoding();
    } else {
      throw new IllegalStateException(column + ": unknown page " + page);
    }
    if (encoding == Encoding.PLAIN) {
      dictionaryEncoded = false;
      values = data;
      valuePos = at;
    } else if (encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY) {
      if (dictionary == null) {
        throw new IllegalStateException(column + ": a dictionary-encoded page without a dictionary");
      }
      dictionaryEncoded = true;
      int present = count;
      if (maxDef > 0 && !dense) {
        present = 0;
        for (int i = 0; i < count; i++) {
          present += def[i] == maxDef ? 1 : 0;
        }
      }
      if (ids.length < present) {
        ids = kept.ids = new int[present];
      }
      // one byte of bit width, then the ids
      HybridDecoder.decode(data, at + 1, loadedEnd, data[at] & 0xff, ids, present);
      idPos = 0;
    } else {
      throw new IllegalStateException(column + ": values encoded " + encoding + ", which this reader does not decode");
    }
    return true;
  }

  /** Copies the next {@code n} non-null values into {@code vector} from {@code rowId}. */
  void copyValues(WritableColumnVector vector, int rowId, int n) {
    if (n == 0) {
      return;
    }
    if (!dictionaryEncoded) {
      switch (leaf) {
        case INT32 -> vector.putIntsLittleEndian(rowId, n, values, valuePos);
        case INT64 -> vector.putLongsLittleEndian(rowId, n, values, valuePos);
        case FLOAT -> vector.putFloatsLittleEndian(rowId, n, values, valuePos);
        case DOUBLE -> vector.putDoublesLittleEndian(rowId, n, values, valuePos);
      }
      valuePos += n * leaf.width;
      return;
    }
    long[] dict = dictionary;
    int[] id = ids;
    int from = idPos;
    switch (leaf) {
      case INT32 -> {
        for (int i = 0; i < n; i++) {
          vector.putInt(rowId + i, (int) dict[id[from + i]]);
        }
      }
      case INT64 -> {
        for (int i = 0; i < n; i++) {
          vector.putLong(rowId + i, dict[id[from + i]]);
        }
      }
      case FLOAT -> {
        for (int i = 0; i < n; i++) {
          vector.putFloat(rowId + i, Float.intBitsToFloat((int) dict[id[from + i]]));
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < n; i++) {
          vector.putDouble(rowId + i, Double.longBitsToDouble(dict[id[from + i]]));
        }
      }
    }
    idPos += n;
  }

  /**
   * Points {@link #loaded} at {@code bytes}, in place when they are one heap array (a decompressed page,
   * or an uncompressed one inside its column chunk), and returns where they start.
   */
  private int load(BytesInput bytes) throws IOException {
    ByteBuffer buffer = bytes.toByteBuffer();
    if (buffer.hasArray()) {
      loaded = buffer.array();
      int start = buffer.arrayOffset() + buffer.position();
      loadedEnd = start + buffer.remaining();
      return start;
    }
    loaded = bytes.toByteArray();
    loadedEnd = loaded.length;
    return 0;
  }

  private void readDictionary(DictionaryPage page) throws IOException {
    Encoding e = page.getEncoding();
    if (e != Encoding.PLAIN && e != Encoding.PLAIN_DICTIONARY) {
      throw new IllegalStateException(column + ": a dictionary encoded " + e);
    }
    ByteBuffer bytes = ByteBuffer.wrap(page.getBytes().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    dictionary = new long[page.getDictionarySize()];
    for (int i = 0; i < dictionary.length; i++) {
      dictionary[i] = leaf.width == 4 ? bytes.getInt() : bytes.getLong();
    }
  }

  /**
   * The page's repetition levels from {@code r[rFrom..rTo)} and definition levels from {@code d[dFrom..dTo)}
   * (ignored where the level is always 0): only the marks when the page is {@link #dense}, else all.
   */
  private void levels(byte[] r, int rFrom, int rTo, byte[] d, int dFrom, int dTo) {
    dense = maxRep > 0
        && (maxDef == 0 || HybridDecoder.allEqual(d, dFrom, dTo, HybridDecoder.width(maxDef), count, maxDef));
    if (dense) {
      if (markAt.length < count) {
        markAt = kept.markAt = new int[count];
        markRep = kept.markRep = new int[count];
      }
      marks = HybridDecoder.decodeMarks(r, rFrom, rTo, HybridDecoder.width(maxRep), count, maxRep, markAt, markRep);
      return;
    }
    if (rep.length < count) {
      rep = kept.rep = new int[count];
      def = kept.def = new int[count];
    }
    // a level that is always 0 has width 0, which the decoder fills without reading
    HybridDecoder.decode(r, rFrom, rTo, HybridDecoder.width(maxRep), rep, count);
    HybridDecoder.decode(d, dFrom, dTo, HybridDecoder.width(maxDef), def, count);
  }

  private static int lengthAt(byte[] data, int at) {
    return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | (data[at + 3] & 0xff) << 24;
  }
}
