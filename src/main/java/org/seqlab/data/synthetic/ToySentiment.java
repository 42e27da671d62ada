package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.data.corpus.LabelledExample;
import org.seqlab.data.corpus.LabelledText;

/**
 * Template sentiment sentences with negation, label 1 ({@code positive}) or 0 ({@code negative}):
 * <ul>
 *   <li>{@code the <noun> was [really] [not] <adjective>}, e.g. {@code the movie was not boring} (positive);</li>
 *   <li>{@code i <verb-past> the <noun>} or {@code i did not <verb> the <noun>}, e.g.
 *       {@code i did not enjoy the book} (negative).</li>
 * </ul>
 * The label is the polarity of the one sentiment word, flipped by {@code not}: a model must learn the words and
 * the negation. Per example: the template (1/2 each), the polarity (1/2), negation with
 * {@code negationProbability}, then the words (and, in the first template, {@code really} with 1/3).
 * Written as a labelled TSV.
 *
 * @param negationProbability chance that a sentence is negated
 */
public record ToySentiment(double negationProbability) implements SyntheticTask<LabelledExample> {
    /** Label names by id. */
    public static final List<String> LABELS = List.of("negative", "positive");
    /** Topic nouns. */
    public static final List<String> NOUNS = List.of("movie", "film", "book", "meal", "song", "show", "game");
    /** Positive adjectives. */
    public static final List<String> POSITIVE = List.of("good", "great", "wonderful", "excellent", "fun", "lovely");
    /** Negative adjectives. */
    public static final List<String> NEGATIVE = List.of("bad", "boring", "awful", "terrible", "dull", "poor");
    /** Positive verbs, base form (the past adds {@code d} or {@code ed}: {@link #past}). */
    public static final List<String> POSITIVE_VERBS = List.of("like", "love", "enjoy");
    /** Negative verbs, base form. */
    public static final List<String> NEGATIVE_VERBS = List.of("hate", "dislike");

    /** Validates the probability. */
    public ToySentiment {
        Sizes.probability("Toy sentiment", "negation probability", negationProbability);
    }

    /** A third of the sentences negated. */
    public static ToySentiment standard() {
        return new ToySentiment(1.0 / 3);
    }

    @Override
    public List<LabelledExample> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledExample> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            boolean adjectiveTemplate = random.nextBoolean();
            boolean positive = random.nextBoolean();
            boolean negated = random.nextDouble() < negationProbability;
            String noun = Sizes.pick(random, NOUNS);
            String text;
            if (adjectiveTemplate) {
                String adjective = Sizes.pick(random, positive ? POSITIVE : NEGATIVE);
                boolean really = random.nextInt(3) == 0;
                text = "the " + noun + " was " + (really ? "really " : "") + (negated ? "not " : "") + adjective;
            } else {
                String verb = Sizes.pick(random, positive ? POSITIVE_VERBS : NEGATIVE_VERBS);
                text = negated ? "i did not " + verb + " the " + noun : "i " + past(verb) + " the " + noun;
            }
            out.add(new LabelledExample(text, positive != negated ? 1 : 0));
        }
        return out;
    }

    /** The past tense of one of the verbs ({@code like -> liked}, {@code enjoy -> enjoyed}). */
    public static String past(String verb) {
        return verb.endsWith("e") ? verb + "d" : verb + "ed";
    }

    @Override
    public void write(Path file, List<LabelledExample> examples) {
        LabelledText.write(file, examples, LABELS);
    }
}
