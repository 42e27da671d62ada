package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.data.corpus.ParallelText;
import org.seqlab.data.corpus.TextPair;

/**
 * English to pseudo-French on a small grammar, learnable by a small seq2seq model because it is fully
 * deterministic: a sentence is {@code subject verb object}, each noun phrase {@code determiner [adjective] noun}.
 * The translation ({@link #translate}) follows four rules:
 * <ol>
 *   <li>word for word from a fixed dictionary ({@link #NOUNS}, {@link #ADJECTIVES}, {@link #VERBS});</li>
 *   <li>the adjective moves behind the noun ({@code the small cat -> le chat petit});</li>
 *   <li>determiner and adjective agree with the noun's gender and number ({@code the} = le/la/les,
 *       {@code a} = un/une, {@code some} = des; an adjective takes {@code e} for a feminine noun and {@code s}
 *       for a plural one: {@code les maisons petites});</li>
 *   <li>the verb agrees with the subject's number ({@code sees -> voit}, {@code see -> voient}).</li>
 * </ol>
 * Plural nouns add {@code s} ({@code x} after {@code eau}). All words are ASCII; there is no elision
 * ({@code le arbre}, not {@code l'arbre}) and no English {@code an} is needed (no word starts with a vowel).
 * Per example: for the subject and
 * then the object, plural with {@code pluralProbability}, then definite or not (1/2), the noun, an adjective with
 * {@code adjectiveProbability} and which; the verb is drawn between subject and object. Written as a parallel TSV.
 *
 * @param adjectiveProbability chance that a noun phrase has an adjective
 * @param pluralProbability chance that a noun phrase is plural
 */
public record ToyTranslation(double adjectiveProbability, double pluralProbability)
        implements SyntheticTask<TextPair> {

    /** A noun: English singular, English plural, French singular, French gender. */
    public record Noun(String english, String englishPlural, String french, boolean feminine) {
        /** The French plural: {@code s} added, {@code x} after {@code eau}. */
        public String frenchPlural() {
            return french.endsWith("eau") ? french + "x" : french + "s";
        }
    }

    /** A verb: English third person singular and plural, French singular and plural. */
    public record Verb(String english, String englishPlural, String french, String frenchPlural) {
    }

    /** An adjective: English and French masculine singular. */
    public record Adjective(String english, String french) {
    }

    /** The nouns. */
    public static final List<Noun> NOUNS = List.of(new Noun("cat", "cats", "chat", false),
            new Noun("dog", "dogs", "chien", false), new Noun("bird", "birds", "oiseau", false),
            new Noun("tree", "trees", "arbre", false), new Noun("house", "houses", "maison", true),
            new Noun("flower", "flowers", "fleur", true), new Noun("car", "cars", "voiture", true),
            new Noun("girl", "girls", "fille", true));

    /** The adjectives (all regular: {@code +e}, {@code +s}). */
    public static final List<Adjective> ADJECTIVES = List.of(new Adjective("small", "petit"),
            new Adjective("big", "grand"), new Adjective("black", "noir"), new Adjective("green", "vert"),
            new Adjective("pretty", "joli"), new Adjective("strong", "fort"));

    /** The verbs. */
    public static final List<Verb> VERBS = List.of(new Verb("sees", "see", "voit", "voient"),
            new Verb("likes", "like", "aime", "aiment"), new Verb("follows", "follow", "suit", "suivent"),
            new Verb("finds", "find", "trouve", "trouvent"), new Verb("watches", "watch", "regarde", "regardent"));

    /** Validates the probabilities. */
    public ToyTranslation {
        Sizes.probability("Toy translation", "adjective probability", adjectiveProbability);
        Sizes.probability("Toy translation", "plural probability", pluralProbability);
    }

    /** Adjectives in half the noun phrases, plurals in a third. */
    public static ToyTranslation standard() {
        return new ToyTranslation(0.5, 1.0 / 3);
    }

    @Override
    public List<TextPair> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        List<TextPair> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            List<String> words = new ArrayList<>();
            boolean pluralSubject = phrase(random, words);
            Verb verb = Sizes.pick(random, VERBS);
            words.add(pluralSubject ? verb.englishPlural() : verb.english());
            phrase(random, words);
            String english = String.join(" ", words);
            out.add(new TextPair(english, translate(english)));
        }
        return out;
    }

    private boolean phrase(SplittableRandom random, List<String> words) {
        boolean plural = random.nextDouble() < pluralProbability;
        boolean definite = random.nextBoolean();
        Noun noun = Sizes.pick(random, NOUNS);
        Adjective adjective = random.nextDouble() < adjectiveProbability ? Sizes.pick(random, ADJECTIVES) : null;
        words.add(definite ? "the" : plural ? "some" : "a");
        if (adjective != null) {
            words.add(adjective.english());
        }
        words.add(plural ? noun.englishPlural() : noun.english());
        return plural;
    }

    /** The pseudo-French of an English sentence of this grammar; refuses words or structure outside it. */
    public static String translate(String english) {
        String[] w = english.strip().split(" +");
        List<String> out = new ArrayList<>();
        int[] at = {0};
        boolean plural = nounPhrase(w, at, out, english);
        if (at[0] >= w.length) {
            throw outside(english, "a verb after the subject");
        }
        Verb verb = null;
        for (Verb v : VERBS) {
            if (w[at[0]].equals(plural ? v.englishPlural() : v.english())) {
                verb = v;
            }
        }
        if (verb == null) {
            throw outside(english, "a verb agreeing with a " + (plural ? "plural" : "singular") + " subject at '"
                    + w[at[0]] + "'");
        }
        out.add(plural ? verb.frenchPlural() : verb.french());
        at[0]++;
        nounPhrase(w, at, out, english);
        if (at[0] != w.length) {
            throw outside(english, "the end of the sentence after the object");
        }
        return String.join(" ", out);
    }

    private static boolean nounPhrase(String[] w, int[] at, List<String> out, String english) {
        if (at[0] >= w.length || !List.of("the", "a", "some").contains(w[at[0]])) {
            throw outside(english, "a determiner (the, a, some) at word " + (at[0] + 1));
        }
        String det = w[at[0]++];
        Adjective adjective = null;
        for (Adjective a : ADJECTIVES) {
            if (at[0] < w.length && a.english().equals(w[at[0]])) {
                adjective = a;
            }
        }
        if (adjective != null) {
            at[0]++;
        }
        Noun noun = null;
        boolean plural = false;
        for (Noun n : NOUNS) {
            if (at[0] < w.length && (n.english().equals(w[at[0]]) || n.englishPlural().equals(w[at[0]]))) {
                noun = n;
                plural = n.englishPlural().equals(w[at[0]]);
            }
        }
        if (noun == null) {
            throw outside(english, "a noun of the dictionary at word " + (at[0] + 1));
        }
        at[0]++;
        if ((det.equals("a") && plural) || (det.equals("some") && !plural)) {
            throw outside(english, "'" + det + "' with a " + (det.equals("a") ? "singular" : "plural") + " noun");
        }
        out.add(plural ? (det.equals("the") ? "les" : "des")
                : det.equals("the") ? (noun.feminine() ? "la" : "le") : (noun.feminine() ? "une" : "un"));
        out.add(plural ? noun.frenchPlural() : noun.french());
        if (adjective != null) {
            out.add(adjective.french() + (noun.feminine() ? "e" : "") + (plural ? "s" : ""));
        }
        return plural;
    }

    private static SeqLabException outside(String english, String expected) {
        return new SeqLabException("Cannot translate '" + english + "': expected " + expected + " (grammar:"
                + " determiner [adjective] noun, verb, determiner [adjective] noun, words from ToyTranslation's"
                + " dictionary).");
    }

    @Override
    public void write(Path file, List<TextPair> examples) {
        ParallelText.write(file, examples);
    }
}
