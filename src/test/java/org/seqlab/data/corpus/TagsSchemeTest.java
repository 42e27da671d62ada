package org.seqlab.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagsSchemeTest {
    // "U.N. official Ekeus heads for Baghdad": ORG, PER, LOC; plus two adjacent PER chunks
    private static final List<String> IOB1 = List.of("I-ORG", "O", "I-PER", "O", "O", "I-LOC", "I-PER", "B-PER", "I-PER");
    private static final List<String> BIO = List.of("B-ORG", "O", "B-PER", "O", "O", "B-LOC", "B-PER", "B-PER", "I-PER");
    private static final List<String> IOBES = List.of("S-ORG", "O", "S-PER", "O", "O", "S-LOC", "S-PER", "B-PER", "E-PER");

    @Test
    void iob1IChunkStartBecomesBInBio() {
        assertThat(TagScheme.IOB1.convert(IOB1, TagScheme.BIO)).containsExactlyElementsOf(BIO);
    }

    @Test
    void everySchemeConvertsToEveryOtherAndBack() {
        List<List<String>> all = List.of(IOB1, BIO, IOBES);
        TagScheme[] schemes = TagScheme.values();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertThat(schemes[a].convert(all.get(a), schemes[b])).as(schemes[a] + " -> " + schemes[b])
                        .containsExactlyElementsOf(all.get(b));
            }
        }
    }

    @Test
    void chunksAreTypedHalfOpenRanges() {
        assertThat(TagScheme.BIO.chunks(BIO)).containsExactly(new TagScheme.Chunk("ORG", 0, 1),
                new TagScheme.Chunk("PER", 2, 3), new TagScheme.Chunk("LOC", 5, 6), new TagScheme.Chunk("PER", 6, 7),
                new TagScheme.Chunk("PER", 7, 9));
    }

    @Test
    void bioRefusesAnIThatBeginsAChunkNamingThePosition() {
        assertThatThrownBy(() -> TagScheme.BIO.chunks(List.of("O", "I-LOC")))
                .isInstanceOfSatisfying(TagSequenceException.class, e -> {
                    assertThat(e.position()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("I-LOC").contains("IOB1");
                });
    }

    @Test
    void iobesRefusesAnUnendedChunk() {
        assertThatThrownBy(() -> TagScheme.IOBES.chunks(List.of("B-PER", "I-PER", "O")))
                .isInstanceOfSatisfying(TagSequenceException.class, e -> assertThat(e.position()).isEqualTo(2));
        assertThatThrownBy(() -> TagScheme.IOBES.chunks(List.of("B-PER")))
                .isInstanceOf(TagSequenceException.class).hasMessageContaining("before the sentence ends");
        assertThatThrownBy(() -> TagScheme.IOBES.chunks(List.of("B-PER", "E-LOC")))
                .isInstanceOf(TagSequenceException.class);
    }

    @Test
    void nonChunkTagIsRefused() {
        assertThatThrownBy(() -> TagScheme.BIO.chunks(List.of("O", "NNP")))
                .isInstanceOfSatisfying(TagSequenceException.class, e -> assertThat(e.position()).isEqualTo(1));
    }

    @Test
    void detectionTellsTheSchemesApart() {
        assertThat(TagScheme.detect(List.of(IOB1))).isEqualTo(TagScheme.IOB1);
        assertThat(TagScheme.detect(List.of(BIO))).isEqualTo(TagScheme.BIO);
        assertThat(TagScheme.detect(List.of(IOBES))).isEqualTo(TagScheme.IOBES);
        assertThat(TagScheme.detect(List.of(List.of("O", "O")))).isEqualTo(TagScheme.BIO);
    }
}
