package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.ui.viz.SeriesChartData.Series;

class SeriesChartDataTest {

    @Test
    void aSeriesNeedsOneYPerX() {
        assertThatThrownBy(() -> new Series("a", new double[] {0, 1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one y per x")
                .hasMessageContaining("2 x and 1 y");
    }

    @Test
    void aSeriesNeedsAscendingFiniteX() {
        assertThatThrownBy(() -> new Series("a", new double[] {0, 2, 1}, new double[] {1, 2, 3}))
                .hasMessageContaining("ascending x").hasMessageContaining("x[1] = 2.0 > x[2] = 1.0");
        assertThatThrownBy(() -> new Series("a", new double[] {0, Double.NaN}, new double[] {1, 2}))
                .hasMessageContaining("finite");
    }

    @Test
    void aChartNeedsASeries() {
        assertThatThrownBy(() -> new SeriesChartData(List.of(), "", "", AxisScale.LINEAR, List.of()))
                .hasMessageContaining("at least one series");
    }

    @Test
    void theDataIsACopyThatLaterChangesToTheArraysDoNotReach() {
        double[] y = {1, 2, 3};
        Series s = Series.indexed("a", y);
        y[0] = 99;
        assertThat(s.y(0)).isEqualTo(1);
        s.y()[1] = 99;
        assertThat(s.y(1)).isEqualTo(2);
    }

    @Test
    void nearestFindsThePointClosestInX() {
        Series s = new Series("a", new double[] {0, 1, 4, 10}, new double[] {0, 0, 0, 0});
        assertThat(s.nearest(-5)).isZero();
        assertThat(s.nearest(2.4)).isEqualTo(1);
        assertThat(s.nearest(2.6)).isEqualTo(2);
        assertThat(s.nearest(4)).isEqualTo(2);
        assertThat(s.nearest(100)).isEqualTo(3);
    }

    @Test
    void zerosHaveNoPlaceOnALogAxisButDoOnALinearOne() {
        SeriesChartData lin = SeriesChartData.of(Series.indexed("a", new double[] {0, 1e-3, 0.1}));
        SeriesChartData log = lin.withYScale(AxisScale.LOG10);
        assertThat(lin.drawable(0)).isTrue();
        assertThat(log.drawable(0)).isFalse();
        assertThat(log.drawable(Double.NaN)).isFalse();
        assertThat(lin.hasFloorPoints()).isFalse();
        assertThat(log.hasFloorPoints()).isTrue();
        assertThat(log.yRange(Double.NaN).min()).as("the zero does not pull the log axis down").isEqualTo(1e-3);
    }

    @Test
    void theYRangeReachesTheThreshold() {
        SeriesChartData d = SeriesChartData.of(Series.indexed("a", new double[] {0.1, 0.2}));
        assertThat(d.yRange(3).max()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void xLabelsNameWholeXValues() {
        SeriesChartData d = SeriesChartData.of(Series.indexed("a", new double[] {1, 2, 3}))
                .withXLabels(List.of("h", "i", "!"));
        assertThat(d.xLabel(1)).isEqualTo("i");
        assertThat(d.xLabel(1.5)).isNull();
        assertThat(d.xLabel(3)).isNull();
    }

    @Test
    void barsNeedAValuePerCategory() {
        assertThatThrownBy(() -> GroupedBarChartData.of(List.of("a", "b"),
                new GroupedBarChartData.Bars("pre", new double[] {1})))
                .hasMessageContaining("one value per category (2)");
        assertThatThrownBy(() -> GroupedBarChartData.of(List.of("a"), new GroupedBarChartData.Bars("pre",
                new double[] {1})).withHeaderRows(2)).hasMessageContaining("headerRows");
    }

    @Test
    void aLinearBarAxisStartsAtZero() {
        GroupedBarChartData d = GroupedBarChartData.of(List.of("a", "b"),
                new GroupedBarChartData.Bars("pre", new double[] {2, 3}));
        assertThat(d.valueRange(Double.NaN).min()).isEqualTo(0);
        assertThat(d.valueRange(Double.NaN).max()).isGreaterThanOrEqualTo(3);
    }
}
