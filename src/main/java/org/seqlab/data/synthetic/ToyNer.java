package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.data.corpus.Conll;
import org.seqlab.data.corpus.TaggedSentence;

/**
 * Template sentences with person, location and organisation names from small lists, tagged in BIO
 * ({@code Ada Lovelace visited New York .} = {@code B-PER I-PER O B-LOC I-LOC O}). Per example: the template
 * uniformly from {@link #TEMPLATES}, then each slot's name uniformly from its list, left to right. Written as
 * CoNLL ({@code token tag}, blank line between sentences), which {@link Conll} reads back.
 */
public record ToyNer() implements SyntheticTask<TaggedSentence> {
    /** The entity types. */
    public static final List<String> TYPES = List.of("PER", "LOC", "ORG");
    /** Names by type; a name may have several tokens. */
    public static final Map<String, List<String>> NAMES = Map.of(
            "PER", List.of("Ada Lovelace", "Alan Turing", "Grace Hopper", "Marie Curie", "Li Wei", "Maria", "John"),
            "LOC", List.of("Paris", "New York", "Beijing", "Berlin", "Lagos", "Rio de Janeiro"),
            "ORG", List.of("Acme Corp", "United Nations", "Tsinghua University", "Red Cross", "Google"));
    /** The templates; a slot is the type name in braces. */
    public static final List<String> TEMPLATES = List.of(
            "{PER} works for {ORG} in {LOC} .",
            "{PER} visited {LOC} last week .",
            "{ORG} opened an office in {LOC} .",
            "yesterday {PER} met {PER} in {LOC} .",
            "the {ORG} team praised {PER} .",
            "{LOC} is far from {LOC} .",
            "we flew to {LOC} with {PER} .");

    @Override
    public List<TaggedSentence> generate(int count, long seed) {
        Sizes.count(count);
        SplittableRandom random = new SplittableRandom(seed);
        List<TaggedSentence> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            List<String> tokens = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            for (String word : Sizes.pick(random, TEMPLATES).split(" ")) {
                if (word.startsWith("{")) {
                    String type = word.substring(1, word.length() - 1);
                    String[] name = Sizes.pick(random, NAMES.get(type)).split(" ");
                    for (int i = 0; i < name.length; i++) {
                        tokens.add(name[i]);
                        tags.add((i == 0 ? "B-" : "I-") + type);
                    }
                } else {
                    tokens.add(word);
                    tags.add("O");
                }
            }
            out.add(new TaggedSentence(tokens, tags));
        }
        return out;
    }

    @Override
    public void write(Path file, List<TaggedSentence> examples) {
        Conll.write(file, examples);
    }
}
