package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapDataTest {

    @Test
    void aMatrixIsStoredRowMajorAndCopied() {
        double[][] m = {{1, 2, 3}, {4, 5, 6}};
        HeatmapData data = HeatmapData.of(m);
        m[0][0] = 99;
        assertThat(data.rows()).isEqualTo(2);
        assertThat(data.cols()).isEqualTo(3);
        assertThat(data.value(0, 0)).isEqualTo(1);
        assertThat(data.value(1, 2)).isEqualTo(6);
        data.values()[0] = 42;
        assertThat(data.value(0, 0)).as("values() is a copy").isEqualTo(1);
    }

    @Test
    void labelsDefaultToIndices() {
        HeatmapData data = HeatmapData.of(new double[][] {{1, 2}}).withColumnLabels(List.of("a", "b"));
        assertThat(data.rowLabel(0)).isEqualTo("0");
        assertThat(data.hasRowLabels()).isFalse();
        assertThat(data.columnLabel(1)).isEqualTo("b");
        assertThat(data.hasColumnLabels()).isTrue();
    }

    @Test
    void wrongShapesAreRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> HeatmapData.of(new double[][] {{1, 2}, {3}}))
                .hasMessageContaining("rectangular").hasMessageContaining("row 1 has 1");
        assertThatThrownBy(() -> HeatmapData.of(2, 2, new double[3])).hasMessageContaining("needs 4 values; got 3");
        assertThatThrownBy(() -> HeatmapData.of(new double[][] {{1, 2}}).withColumnLabels(List.of("a")))
                .hasMessageContaining("needs 2 column labels (or none); got 1");
        assertThatThrownBy(() -> HeatmapData.of(new double[][] {{1, 2}}).withMask(new boolean[][] {{true}}))
                .hasMessageContaining("needs 2 columns");
        assertThatThrownBy(() -> HeatmapData.of(new double[0][0])).hasMessageContaining("at least one row");
    }

    @Test
    void causalMaskHidesEveryLaterKey() {
        boolean[][] mask = HeatmapData.causalMask(3);
        assertThat(mask[0]).containsExactly(false, true, true);
        assertThat(mask[1]).containsExactly(false, false, true);
        assertThat(mask[2]).containsExactly(false, false, false);
    }

    @Test
    void divergingRangeIsTheLargestMagnitudeOfUnmaskedFiniteValues() {
        HeatmapData data = HeatmapData.of(new double[][] {{-3, 1}, {Double.NaN, 100}})
                .withMask(new boolean[][] {{false, false}, {false, true}});
        ColorMap map = data.colorMap();
        assertThat(map.min()).isEqualTo(-3);
        assertThat(map.max()).isEqualTo(3);
    }

    @Test
    void sequentialRangeStartsAtZeroUnlessFixed() {
        HeatmapData data = HeatmapData.of(new double[][] {{0.2, 0.6}}).withScale(ColorScale.SEQUENTIAL);
        assertThat(data.colorMap().min()).isZero();
        assertThat(data.colorMap().max()).isEqualTo(0.6);
        assertThat(data.withRange(0, 1).colorMap().max()).isEqualTo(1);
    }

    @Test
    void csvHasAHeaderOfColumnLabelsThenEachRowsLabelAndExactValues() {
        HeatmapData data = HeatmapData.of(new double[][] {{0.1, -2}, {1e-9, Double.NaN}})
                .withTitles("query", "key")
                .withRowLabels(List.of("a,b", "say \"hi\"")).withColumnLabels(List.of("x", " "));
        assertThat(data.toCsv()).isEqualTo("query,x,\" \"\n"
                + "\"a,b\",0.1,-2\n"
                + "\"say \"\"hi\"\"\",1.0E-9,NaN\n");
    }

    @Test
    void equalDataAreEqual() {
        HeatmapData a = HeatmapDemos.attentionData();
        HeatmapData b = HeatmapDemos.attentionData();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.withTitles("q", "k")).isNotEqualTo(a);
    }

    @Test
    void attentionDemoRowsAreSoftmaxesThatNeverSeeTheFuture() {
        HeatmapData data = HeatmapDemos.attentionData();
        for (int q = 0; q < data.rows(); q++) {
            double sum = 0;
            for (int k = 0; k < data.cols(); k++) {
                sum += data.value(q, k);
                assertThat(data.isMasked(q, k)).isEqualTo(k > q);
                if (k > q) {
                    assertThat(data.value(q, k)).isZero();
                }
            }
            assertThat(sum).as("row %s sums to 1", q).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}
