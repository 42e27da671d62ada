package org.seqlab.ui.viz;

import java.util.List;
import java.util.Random;
import javafx.beans.binding.Bindings;
import org.seqlab.ui.i18n.I18n;

/**
 * Series and bar charts on canned data, for the gallery (and the README's pictures): the dL/dh_t norms of a
 * tanh RNN and an LSTM over 40 steps on a log axis (the RNN's vanishes, the LSTM's much less), a training
 * loss curve of 5 000 steps, and per-parameter gradient norms before and after clipping at 1. The numbers
 * are made up but shaped like the real ones; no model runs.
 */
public final class SeriesChartDemos {

    /** How many time steps the gradient demo runs over. */
    public static final int STEPS = 40;
    /** The time step the gradient demo's marker is on. */
    public static final int CURSOR = 12;
    /** The input the gradient demo runs over, one character per time step. */
    public static final String TEXT = "the quick brown fox jumps over the lazy ";
    /** How many optimiser steps the loss demo has. */
    public static final int LOSS_STEPS = 5000;
    /** The clipping threshold of the bars demo. */
    public static final double MAX_NORM = 1.0;

    private SeriesChartDemos() {
    }

    /**
     * |dL/dh_t| of a tanh RNN (shrinking about 0.55× per step back: 1e-10 at t=0) and an LSTM (about 0.9×),
     * both 0 at the last step (a language model's last position predicts nothing), on a log axis.
     */
    public static SeriesChartData vanishingData() {
        double[] rnn = new double[STEPS];
        double[] lstm = new double[STEPS];
        for (int t = 0; t < STEPS - 1; t++) {
            int back = STEPS - 2 - t;
            rnn[t] = 0.08 * Math.pow(0.58, back) * (1 + 0.25 * Math.sin(t * 1.7));
            lstm[t] = 0.05 * Math.pow(0.9, back) * (1 + 0.2 * Math.cos(t * 1.3));
        }
        List<String> tokens = TEXT.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        return new SeriesChartData(List.of(SeriesChartData.Series.indexed("rnn/l0 (tanh RNN)", rnn),
                SeriesChartData.Series.indexed("rnn/l0 (LSTM)", lstm)), "t", "|dL/dh_t|", AxisScale.LOG10, tokens);
    }

    /** A cross-entropy loss falling from ln(65) with noise over {@link #LOSS_STEPS} steps, and its validation loss every 250. */
    public static SeriesChartData lossData() {
        Random random = new Random(7);
        double[] train = new double[LOSS_STEPS];
        for (int i = 0; i < LOSS_STEPS; i++) {
            double mean = 1.45 + (Math.log(65) - 1.45) * Math.exp(-i / 600.0);
            train[i] = mean + random.nextGaussian() * 0.08 * (0.5 + mean / 4);
        }
        int n = LOSS_STEPS / 250 + 1;
        double[] vx = new double[n];
        double[] vy = new double[n];
        for (int k = 0; k < n; k++) {
            vx[k] = k * 250.0;
            vy[k] = 1.55 + (Math.log(65) - 1.55) * Math.exp(-vx[k] / 650.0) + 0.02 * Math.max(0, k - 12);
        }
        return new SeriesChartData(List.of(SeriesChartData.Series.indexed("train", train),
                new SeriesChartData.Series("validation", vx, vy)), "step", "loss", AxisScale.LINEAR, List.of());
    }

    /** Gradient norms of a char-LSTM's parameters and their global norm, before and after clipping at {@link #MAX_NORM}. */
    public static GroupedBarChartData clippingData(String before, String after, String global) {
        List<String> names = List.of("encoder.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
                "rnn.bias_hh_l0", "decoder.weight", "decoder.bias");
        double[] pre = {0.21, 0.84, 1.37, 0.33, 0.33, 2.1, 0.46};
        double sumSq = 0;
        for (double v : pre) {
            sumSq += v * v;
        }
        double globalNorm = Math.sqrt(sumSq);
        double scale = Math.min(1, MAX_NORM / (globalNorm + 1e-6));
        double[] preRows = new double[names.size() + 1];
        double[] postRows = new double[names.size() + 1];
        preRows[0] = globalNorm;
        postRows[0] = globalNorm * scale;
        for (int i = 0; i < pre.length; i++) {
            preRows[i + 1] = pre[i];
            postRows[i + 1] = pre[i] * scale;
        }
        List<String> rows = new java.util.ArrayList<>();
        rows.add(global);
        rows.addAll(names);
        return new GroupedBarChartData(rows, List.of(new GroupedBarChartData.Bars(before, preRows),
                new GroupedBarChartData.Bars(after, postRows)), "‖grad‖", AxisScale.LINEAR, 1);
    }

    /** {@link #vanishingData()} with its marker on {@link #CURSOR}. */
    public static SeriesChart vanishing(I18n i18n) {
        SeriesChart chart = new SeriesChart(i18n, vanishingData());
        chart.setMarkerX(CURSOR);
        return chart;
    }

    /** {@link #lossData()}. */
    public static SeriesChart loss(I18n i18n) {
        return new SeriesChart(i18n, lossData());
    }

    /** {@link #clippingData} with the legend in {@code i18n}'s language (following it) and the threshold drawn. */
    public static GroupedBarChart clipping(I18n i18n) {
        GroupedBarChart chart = new GroupedBarChart(i18n);
        chart.dataProperty().bind(Bindings.createObjectBinding(() -> clippingData(i18n.get("chart.demo.before"),
                i18n.get("chart.demo.after"), i18n.get("chart.demo.global")), i18n.languageProperty()));
        chart.setThreshold(MAX_NORM);
        chart.thresholdLabelProperty().bind(i18n.text("chart.demo.threshold"));
        return chart;
    }
}
