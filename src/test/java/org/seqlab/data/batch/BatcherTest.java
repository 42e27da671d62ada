package org.seqlab.data.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.data.tokenize.Vocabulary;

class BatcherTest {

    private static List<int[]> randomSequences(int n, int maxLength, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.ints(1 + r.nextInt(maxLength), 4, 50).toArray());
        }
        return out;
    }

    @Test
    void padGivesIdsMaskAndLengthsOfTheLongestRow() {
        Batch b = Batcher.pad(List.of(new int[] {5, 6, 7}, new int[] {8}), new int[] {0, 1}, 0);
        assertThat(b.batchSize()).isEqualTo(2);
        assertThat(b.maxLength()).isEqualTo(3);
        assertThat(b.ids()).isEqualTo(new long[][] {{5, 6, 7}, {8, 0, 0}});
        assertThat(b.mask()).isEqualTo(new long[][] {{1, 1, 1}, {1, 0, 0}});
        assertThat(b.lengths()).containsExactly(3, 1);
        assertThat(b.flatIds()).containsExactly(5, 6, 7, 8, 0, 0);
        assertThat(b.flatMask()).containsExactly(1, 1, 1, 1, 0, 0);
        assertThat(b.tokenCount()).isEqualTo(4);
    }

    @Test
    void padIdIsWrittenEvenWhenItIsNotZero() {
        Batch b = Batcher.pad(List.of(new int[] {1}, new int[] {2, 3}), new int[] {0, 1}, 99);
        assertThat(b.ids()[0]).containsExactly(1, 99);
        assertThat(b.mask()[0]).containsExactly(1, 0);
    }

    @Test
    void unshuffledBatchesKeepListOrderAndTheLastBatchIsSmaller() {
        List<int[]> seqs = randomSequences(10, 5, 1);
        List<Batch> batches = Batcher.builder().setBatchSize(4).setPadId(0).build().batches(seqs);
        assertThat(batches).extracting(Batch::batchSize).containsExactly(4, 4, 2);
        assertThat(batches.get(1).indices()).containsExactly(4, 5, 6, 7);
        assertThat(Batcher.builder().setBatchSize(4).setPadId(0).optDropLast(true).build().batches(seqs)).hasSize(2);
    }

    @Test
    void everyRowMatchesItsSourceSequenceAndMaskSumsToLength() {
        List<int[]> seqs = randomSequences(37, 9, 2);
        Batcher batcher = Batcher.builder().setBatchSize(8).setPadId(0).optShuffle(3).optBuckets(2).build();
        List<Integer> seen = new ArrayList<>();
        for (Batch b : batcher.batches(seqs)) {
            for (int r = 0; r < b.batchSize(); r++) {
                int[] s = seqs.get(b.indices()[r]);
                seen.add(b.indices()[r]);
                assertThat(b.lengths()[r]).isEqualTo(s.length);
                assertThat(Arrays.stream(b.mask()[r]).sum()).isEqualTo(s.length);
                for (int t = 0; t < b.maxLength(); t++) {
                    assertThat(b.ids()[r][t]).isEqualTo(t < s.length ? s[t] : 0);
                }
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 37).boxed().toList());
    }

    @Test
    void shufflingIsDeterministicBySeed() {
        List<int[]> seqs = randomSequences(50, 6, 4);
        Batcher a = Batcher.builder().setBatchSize(5).setPadId(0).optShuffle(7).build();
        Batcher b = Batcher.builder().setBatchSize(5).setPadId(0).optShuffle(8).build();
        assertThat(a.batches(seqs)).isEqualTo(a.batches(seqs)).isNotEqualTo(b.batches(seqs));
        assertThat(a.batches(seqs).get(0).indices()).isNotEqualTo(new int[] {0, 1, 2, 3, 4});
    }

    @Test
    void bucketingSortsWithinChunksAndPadsLessThanRandomBatches() {
        List<int[]> seqs = randomSequences(400, 40, 5);
        Batcher plain = Batcher.builder().setBatchSize(16).setPadId(0).optShuffle(1).build();
        Batcher bucketed = Batcher.builder().setBatchSize(16).setPadId(0).optShuffle(1).optBuckets(5).build();
        assertThat(padding(bucketed.batches(seqs))).isLessThan(padding(plain.batches(seqs)) / 2);

        int[] lengths = seqs.stream().mapToInt(s -> s.length).toArray();
        Batcher unshuffled = Batcher.builder().setBatchSize(2).setPadId(0).optBuckets(2).build();
        // chunks of 4 positions, each sorted by length: the batches of one chunk read shortest first
        List<int[]> groups = unshuffled.order(lengths);
        for (int c = 0; c + 1 < groups.size(); c += 2) {
            int[] chunk = IntStream.concat(Arrays.stream(groups.get(c)), Arrays.stream(groups.get(c + 1))).toArray();
            assertThat(Arrays.stream(chunk).map(i -> lengths[i]).toArray()).isSorted();
            assertThat(chunk).containsExactlyInAnyOrder(2 * c, 2 * c + 1, 2 * c + 2, 2 * c + 3);
        }
    }

    @Test
    void bucketedBatchesAreShuffledSoLengthsDoNotRiseThroughTheEpoch() {
        List<int[]> seqs = randomSequences(200, 30, 6);
        List<Batch> batches = Batcher.builder().setBatchSize(10).setPadId(0).optShuffle(2).optBuckets(20).build()
                .batches(seqs);   // one chunk: sorted, so only the batch shuffle can break the rising order
        int[] maxLengths = batches.stream().mapToInt(Batch::maxLength).toArray();
        assertThat(maxLengths).isNotEqualTo(Arrays.stream(maxLengths).sorted().toArray());
    }

    private static long padding(List<Batch> batches) {
        return batches.stream().mapToLong(b -> (long) b.batchSize() * b.maxLength() - b.tokenCount()).sum();
    }

    @Test
    void seq2seqDecoderInputStartsWithBosAndTargetEndsWithEos() {
        Vocabulary v = Vocabulary.withSpecials(List.of("a", "b", "c"));
        List<int[]> src = List.of(new int[] {4, 5, 6}, new int[] {6});
        List<int[]> tgt = List.of(new int[] {5}, new int[] {4, 6});
        List<Seq2SeqBatch> batches = Batcher.builder().setBatchSize(2).setPadId(v).build().pairBatches(src, tgt, v);
        assertThat(batches).hasSize(1);
        Seq2SeqBatch b = batches.get(0);
        int bos = v.id(Vocabulary.BOS);
        int eos = v.id(Vocabulary.EOS);
        int pad = v.padId();
        assertThat(b.source().ids()).isEqualTo(new long[][] {{4, 5, 6}, {6, pad, pad}});
        assertThat(b.decoderInput().ids()).isEqualTo(new long[][] {{bos, 5, pad}, {bos, 4, 6}});
        assertThat(b.decoderTarget().ids()).isEqualTo(new long[][] {{5, eos, pad}, {4, 6, eos}});
        assertThat(b.decoderInput().mask()).isEqualTo(new long[][] {{1, 1, 0}, {1, 1, 1}});
        assertThat(b.decoderTarget().mask()).isEqualTo(b.decoderInput().mask());
        assertThat(b.decoderTarget().lengths()).containsExactly(2, 3);
    }

    @Test
    void seq2seqRowsStayPairedUnderShufflingAndBucketing() {
        List<int[]> src = randomSequences(60, 10, 7);
        List<int[]> tgt = randomSequences(60, 10, 8);
        for (Seq2SeqBatch b : Batcher.builder().setBatchSize(7).setPadId(0).optShuffle(9).optBuckets(3).build()
                .pairBatches(src, tgt, 2, 3)) {
            for (int r = 0; r < b.batchSize(); r++) {
                int i = b.source().indices()[r];
                assertThat(b.source().lengths()[r]).isEqualTo(src.get(i).length);
                int[] t = tgt.get(i);
                assertThat(Arrays.copyOfRange(b.decoderTarget().ids()[r], 0, t.length))
                        .isEqualTo(Arrays.stream(t).asLongStream().toArray());
                assertThat(b.decoderTarget().ids()[r][t.length]).isEqualTo(3);
            }
        }
    }

    @Test
    void emptySourceAndMissingOptionsAreRefused() {
        Batcher batcher = Batcher.builder().setBatchSize(2).setPadId(0).build();
        assertThatThrownBy(() -> batcher.batches(List.of(new int[] {1}, new int[0])))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("Sequence 1 is empty");
        assertThat(batcher.pairBatches(List.of(new int[] {1}), List.of(new int[0]), 2, 3).get(0).decoderInput().ids())
                .isEqualTo(new long[][] {{2}});
        assertThatThrownBy(() -> Batcher.builder().setBatchSize(2).build()).hasMessageContaining("setPadId");
        assertThatThrownBy(() -> batcher.pairBatches(List.of(new int[] {1}), List.of(), 2, 3))
                .hasMessageContaining("one target per source");
        assertThatThrownBy(() -> batcher.batches(List.<int[]>of(new int[] {-1}))).hasMessageContaining("negative");
    }
}
