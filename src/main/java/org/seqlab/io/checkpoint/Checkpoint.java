package org.seqlab.io.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.io.safetensors.Safetensors;
import org.seqlab.io.safetensors.SafetensorsFile;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.KindLookup;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.spec.GraphJson;
import org.seqlab.nn.WeightsMismatchException;

/**
 * A checkpoint is one safetensors file: the weights under their PyTorch state_dict names (a tied weight
 * once, under the name it is tied to), and in the file's metadata the model graph JSON
 * ({@code seqlab.graph}) and the vocabulary ({@code seqlab.vocab}, a JSON list of tokens with
 * {@code seqlab.unk} / {@code seqlab.pad}). PyTorch reads the weights with {@code safetensors.torch.load_file}
 * and ignores the rest. Written atomically (a temporary file, then a rename).
 */
public final class Checkpoint {
    public static final String GRAPH_KEY = "seqlab.graph";
    public static final String VOCAB_KEY = "seqlab.vocab";
    public static final String UNK_KEY = "seqlab.unk";
    public static final String PAD_KEY = "seqlab.pad";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a checkpoint holds. */
    public record Loaded(ModelGraph graph, GraphModel model, Vocabulary vocabulary) {
    }

    private Checkpoint() {
    }

    /** Saves the model's graph, weights and (optional) vocabulary to {@code file}. */
    public static void save(Path file, GraphModel model, Vocabulary vocabulary) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put(GRAPH_KEY, GraphJson.toJson(model.graph()));
        if (vocabulary != null) {
            try {
                meta.put(VOCAB_KEY, JSON.writeValueAsString(vocabulary.tokens()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("writing the vocabulary", e);
            }
            if (vocabulary.unkId() >= 0) {
                meta.put(UNK_KEY, vocabulary.token(vocabulary.unkId()));
            }
            if (vocabulary.padId() >= 0) {
                meta.put(PAD_KEY, vocabulary.token(vocabulary.padId()));
            }
        }
        Safetensors.write(file, distinctWeights(model), meta);
    }

    /** The state dict with each tied tensor once (safetensors files hold no shared tensors). */
    static Map<String, Tensor> distinctWeights(GraphModel model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Tensor, String> seen = new IdentityHashMap<>();
        model.stateDict().forEach((name, t) -> {
            if (seen.putIfAbsent(t, name) == null) {
                out.put(name, t);
            }
        });
        return out;
    }

    /** Loads a checkpoint written by {@link #save}: rebuilds the model from its graph, then loads the weights. */
    public static Loaded load(Path file, KindLookup kinds, DType dtype) {
        SafetensorsFile f = Safetensors.read(file);
        String graphJson = f.metadata().get(GRAPH_KEY);
        if (graphJson == null) {
            throw new SeqLabException("Cannot load " + file + " as a SeqLab checkpoint: its metadata has no '" + GRAPH_KEY
                    + "' (it holds weights only). Load it as weights with --weights, together with a model file"
                    + " (--model).");
        }
        ModelGraph graph = GraphJson.parse(graphJson, file + " (metadata " + GRAPH_KEY + ")");
        GraphModel model = GraphModel.compile(graph, kinds, dtype, 0);
        loadWeights(model, f.tensors(), file);
        return new Loaded(graph, model, vocabulary(f, file));
    }

    /** Loads plain safetensors weights (from PyTorch or SeqLab) into {@code model}, by state_dict name. */
    public static void loadWeights(GraphModel model, Path file) {
        loadWeights(model, Safetensors.read(file).tensors(), file);
    }

    private static void loadWeights(GraphModel model, Map<String, Tensor> tensors, Path file) {
        try {
            model.loadStateDict(tensors);
        } catch (WeightsMismatchException e) {
            throw new SeqLabException("The weights in " + file + " do not fit the model '" + model.graph().name()
                    + "':\n  - " + String.join("\n  - ", e.problems())
                    + "\nUse weights saved from this same model definition, or change the model file to match them.", e);
        }
    }

    private static Vocabulary vocabulary(SafetensorsFile f, Path file) {
        String json = f.metadata().get(VOCAB_KEY);
        if (json == null) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        try {
            for (var n : JSON.readTree(json)) {
                if (!n.isTextual()) {
                    throw new SeqLabException("The vocabulary in " + file + " (metadata " + VOCAB_KEY
                            + ") must be a JSON list of strings; found " + n + ".");
                }
                tokens.add(n.asText());
            }
        } catch (JsonProcessingException e) {
            throw new SeqLabException("The vocabulary in " + file + " (metadata " + VOCAB_KEY + ") is not valid JSON: "
                    + e.getOriginalMessage() + ".");
        }
        return new Vocabulary(tokens, f.metadata().get(UNK_KEY), f.metadata().get(PAD_KEY));
    }
}
