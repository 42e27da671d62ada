package org.seqlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.data.corpus.LabelledExample;
import org.seqlab.data.corpus.TextPair;
import org.seqlab.data.synthetic.ToySentiment;
import org.seqlab.data.synthetic.ToyTranslation;

/**
 * The English text the experiments read when the user gives none: sentences of SeqLab's toy translation grammar
 * and toy sentiment generator, capitalised and grouped into short paragraphs. Generated, so nothing third-party is
 * shipped; it is small and regular, good for a first run, not for a figure to report.
 */
final class SampleText {
    private SampleText() {
    }

    /** {@code count} sentences, alternating the two generators, deterministic by seed. */
    static List<String> sentences(int count, long seed) {
        List<TextPair> pairs = ToyTranslation.standard().generate(count / 2 + 1, seed);
        List<LabelledExample> reviews = ToySentiment.standard().generate(count / 2 + 1, seed + 1);
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            out.add(sentence(i % 2 == 0 ? pairs.get(i / 2).source() : reviews.get(i / 2).text()));
        }
        return out;
    }

    /** About 120 000 characters of sentences, 3 to 6 a paragraph. */
    static String english(long seed) {
        List<String> s = sentences(4000, seed);
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        int inParagraph = 0;
        int length = 3 + r.nextInt(4);
        for (String x : s) {
            sb.append(inParagraph == 0 ? "" : " ").append(x);
            if (++inParagraph == length) {
                sb.append("\n\n");
                inParagraph = 0;
                length = 3 + r.nextInt(4);
            }
        }
        return sb.append('\n').toString();
    }

    private static String sentence(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return t;
        }
        t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }
}
