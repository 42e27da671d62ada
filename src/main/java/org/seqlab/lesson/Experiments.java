package org.seqlab.lesson;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.seqlab.SeqLabException;

/** The curriculum's nine experiments, in order. */
public final class Experiments {
    private static final String TEXT_COLUMN = "auto (a header name or a 0-based index of the text column)";
    private static final String LABEL_COLUMN = "auto (a header name or a 0-based index of the label column)";

    private static final List<Experiment> ALL = List.of(
            new Experiment("01",
                    new Text("RNN basics: where a plain RNN fails",
                            "RNN 基础：普通 RNN 在哪里失效"),
                    new Text("A tanh RNN reads a string of bits and must say whether it holds an odd number of 1s. The"
                            + " answer depends on every bit, so the gradient has to travel back through every time"
                            + " step: raise the length (--variant length=20, 40) and watch |dL/dh_t| shrink towards the"
                            + " start in the gradient-flow panel, and the accuracy fall to chance.",
                            "一个 tanh RNN 读入一串比特，判断其中 1 的个数是否为奇数。答案取决于每一位，所以梯度必须穿过每个时间步"
                                    + "反向传播：增大长度（--variant length=20、40），在梯度流面板中观察 |dL/dh_t| 向序列开头逐渐消失，"
                                    + "准确率降到随机水平。"),
                    "lstm-classifier", List.of("gradient-flow", "gates", "graph"), 1500,
                    new Text("none needed: parity strings are generated; or a labelled TSV/CSV of bit strings",
                            "无需数据：奇偶串自动生成；也可给出比特串的带标签 TSV/CSV"),
                    Map.of("cell", "rnn (rnn, lstm or gru)", "length", "16 (bits per string)",
                            "hidden", "64 (hidden units)", "text_column", TEXT_COLUMN, "label_column", LABEL_COLUMN),
                    Classification::parity),
            new Experiment("02",
                    new Text("LSTM and GRU from scratch: gates that keep the gradient",
                            "从零实现 LSTM 与 GRU：让梯度保持的门"),
                    new Text("The same parity task on an LSTM (or --variant cell=gru): the cell state's additive update"
                            + " lets the gradient reach the first bit. Open the gates panel to see when the forget"
                            + " gate holds and the input gate writes.",
                            "同样的奇偶任务换成 LSTM（或 --variant cell=gru）：细胞状态的加法更新让梯度能回到第一位。打开门控"
                                    + "面板，观察遗忘门何时保持、输入门何时写入。"),
                    "lstm-classifier", List.of("gates", "gradient-flow", "graph"), 1500,
                    new Text("none needed: parity strings are generated; or a labelled TSV/CSV of bit strings",
                            "无需数据：奇偶串自动生成；也可给出比特串的带标签 TSV/CSV"),
                    Map.of("cell", "lstm (rnn, lstm or gru)", "length", "16 (bits per string)",
                            "hidden", "64 (hidden units)", "text_column", TEXT_COLUMN, "label_column", LABEL_COLUMN),
                    Classification::parity),
            new Experiment("03",
                    new Text("LSTM sentiment", "LSTM 情感分类"),
                    new Text("An LSTM reads a sentence word by word; the mean of its hidden states goes to a linear"
                            + " layer over the labels. Train it on your labelled sentences (TSV or CSV) and read the"
                            + " held-out accuracy.",
                            "LSTM 逐词读入句子，隐藏状态的平均值送入线性层得到各标签的分数。用你自己的带标签句子（TSV 或 CSV）"
                                    + "训练，查看留出集准确率。"),
                    "lstm-classifier", List.of("gates", "graph"), 2000,
                    new Text("a labelled TSV/CSV (every tenth example held out), or a training and a held-out file;"
                            + " without one, generated toy sentiment",
                            "一个带标签的 TSV/CSV（每十条留出一条），或训练文件加留出文件；不给则使用自动生成的玩具情感数据"),
                    Map.of("cell", "lstm (rnn, lstm or gru)", "bidirectional", "false (true or false)",
                            "hidden", "128 (hidden units)", "dropout", "0.5 (on word vectors and pooled features)",
                            "text_column", TEXT_COLUMN, "label_column", LABEL_COLUMN),
                    Classification::sentiment),
            new Experiment("04",
                    new Text("Attention, visualised", "注意力可视化"),
                    new Text("A GRU encoder reads a string, a GRU decoder writes it reversed, attending to the encoder's"
                            + " states with Bahdanau (additive) attention. In the attention panel the weights form an"
                            + " anti-diagonal: each output letter looks at the input letter it copies.",
                            "GRU 编码器读入字符串，GRU 解码器用 Bahdanau（加性）注意力关注编码器状态，把它倒序写出。在注意力"
                                    + "面板中权重形成反对角线：每个输出字母都看向它所复制的输入字母。"),
                    "seq2seq-gru-additive", List.of("attention", "graph"), 1500,
                    new Text("none needed: reversal pairs are generated (or --variant task=translate); or a parallel"
                            + " TSV", "无需数据：自动生成倒序任务（或 --variant task=translate）；也可给出平行语料 TSV"),
                    Map.of("task", "reverse (reverse or translate)", "cell", "gru (gru or lstm)",
                            "attention", "additive (additive, dot or general)", "length", "10 (longest string)",
                            "hidden", "64 (hidden units)", "source_column", "0 (TSV column)",
                            "target_column", "1 (TSV column)"),
                    Seq2Seq::attention),
            new Experiment("05",
                    new Text("The Transformer from scratch: the copy task", "从零实现 Transformer：复制任务"),
                    new Text("The Annotated Transformer's first test: a 2-layer encoder-decoder learns to copy random"
                            + " symbols, with the Noam learning-rate warm-up and Adam (0.9, 0.98, 1e-9). It must decode"
                            + " the held-out sequences exactly; look at the decoder's cross-attention, a diagonal.",
                            "《Annotated Transformer》的第一个测试：2 层编码器-解码器学习复制随机符号，使用 Noam 学习率预热和"
                                    + " Adam (0.9, 0.98, 1e-9)。它必须把留出序列一字不差地解码出来；观察解码器的交叉注意力：一条对角线。"),
                    "transformer-seq2seq", List.of("attention", "positions", "graph"), 2400,
                    new Text("none: the copy sequences are generated", "无需数据：复制序列自动生成"),
                    Map.of("length", "10 (the start symbol and 9 symbols)", "d", "64 (model width)",
                            "heads", "4 (attention heads)", "layers", "2 (encoder and decoder layers)",
                            "warmup", "400 (Noam warm-up steps)", "smoothing", "0.0 (label smoothing)"),
                    Seq2Seq::copy),
            new Experiment("06",
                    new Text("BERT: pre-train, then fine-tune", "BERT：先预训练，再微调"),
                    new Text("The mini BERT first learns from raw text: masked-LM (15% of the tokens hidden: 80% as"
                            + " [MASK], 10% a random word, 10% left) and next-sentence prediction. Then its sentence"
                            + " head is drawn anew and the whole model is fine-tuned to classify sentences; compare"
                            + " the held-out accuracy with 03.",
                            "迷你 BERT 先从原始文本学习：掩码语言模型（隐藏 15% 的词：80% 换成 [MASK]，10% 换成随机词，10% 不变）"
                                    + "和下一句预测。然后重新初始化句子分类头，对整个模型微调做句子分类；与 03 比较留出集准确率。"),
                    "bert-mini", List.of("attention", "positions", "graph"), 2000,
                    new Text("a text corpus (a sentence a line) then a labelled TSV/CSV, and optionally a held-out"
                            + " labelled file; without them, generated sentences and toy sentiment",
                            "一个文本语料（每行一句），再加一个带标签的 TSV/CSV，可选留出文件；不给则使用自动生成的句子和玩具情感数据"),
                    Map.of("pretrain_fraction", "0.6 (share of the steps spent pre-training)",
                            "hidden", "64 (model width; heads = hidden/16)", "layers", "2 (encoder layers)",
                            "vocab", "4000 (WordPiece vocabulary trained on the corpus)",
                            "text_column", TEXT_COLUMN, "label_column", LABEL_COLUMN),
                    BertFineTuning::prepare),
            new Experiment("07",
                    new Text("GPT: generate text character by character", "GPT：逐字符生成文本"),
                    new Text("nanoGPT's CPU preset on a text of your own: a 4-layer, 4-head, d 128 GPT reads 64"
                            + " characters and predicts the next, trained with AdamW and a cosine schedule. Then sample"
                            + " from it with seqlab generate: lower the temperature for safer text, cut with top-k or"
                            + " top-p.",
                            "在你自己的文本上运行 nanoGPT 的 CPU 预设：4 层、4 头、d 128 的 GPT 读入 64 个字符、预测下一个，"
                                    + "用 AdamW 和余弦学习率训练。然后用 seqlab generate 采样：降低温度得到更稳妥的文本，用 top-k 或 top-p 截断。"),
                    "gpt-nanogpt-cpu", List.of("attention", "positions", "graph"), 2000,
                    new Text("a plain text file, ideally about 1 MB (the last 10% held out), or a training and a"
                            + " held-out file; without one, generated English sentences",
                            "一个纯文本文件，最好约 1 MB（最后 10% 留出），或训练文件加留出文件；不给则使用自动生成的英文句子"),
                    Map.of("block", "64 (context length)", "batch", "12 (windows a step)", "layers", "4 (blocks)",
                            "heads", "4 (attention heads)", "d", "128 (model width)",
                            "lr", "0.001 (peak learning rate)"),
                    Generation::gpt),
            new Experiment("08",
                    new Text("Seq2seq translation", "Seq2seq 机器翻译"),
                    new Text("A GRU encoder-decoder with Luong attention translates sentences. Training feeds the"
                            + " gold previous word (teacher forcing) or, with scheduled sampling, more and more of its"
                            + " own predictions; label smoothing spreads 10% of the target's weight over the"
                            + " vocabulary. Held-out sentences are decoded with beam search and scored with BLEU.",
                            "带 Luong 注意力的 GRU 编码器-解码器翻译句子。训练时输入正确的前一个词（教师强制），或者用计划采样逐渐"
                                    + "换成模型自己的预测；标签平滑把目标 10% 的权重分给整个词表。留出句子用束搜索解码，用 BLEU 评分。"),
                    "seq2seq-gru-additive", List.of("attention", "graph"), 3000,
                    new Text("a parallel TSV (source and target columns; every tenth pair held out), or a training and"
                            + " a held-out TSV; without one, generated toy English→French",
                            "平行语料 TSV（源语言列和目标语言列；每十对留出一对），或训练与留出两个 TSV；不给则使用自动生成的玩具英法翻译"),
                    Map.of("cell", "gru (gru or lstm)", "attention", "dot (dot, general or additive)",
                            "embed", "64 (word vectors)", "hidden", "128 (hidden units)",
                            "smoothing", "0.1 (label smoothing)",
                            "sampling", "none (none, linear, exponential or inverse_sigmoid: scheduled sampling"
                                    + " from ratio 1 down to 0.5 at the end)",
                            "teacher_forcing", "1.0 (the constant ratio when sampling=none)",
                            "beam", "4 (beam width for the held-out BLEU)", "source_column", "0 (TSV column)",
                            "target_column", "1 (TSV column)"),
                    Seq2Seq::translation),
            new Experiment("09",
                    new Text("Named entities with a CRF", "用 CRF 做命名实体识别"),
                    new Text("A BiLSTM (or --variant model=transformer) scores every tag at every word; a linear-chain"
                            + " CRF on top learns which tag may follow which and finds the best whole sequence with"
                            + " Viterbi. Train on CoNLL files and read entity-level F1 as conlleval counts it.",
                            "BiLSTM（或 --variant model=transformer）为每个词的每个标签打分；其上的线性链 CRF 学习标签之间的转移，"
                                    + "用 Viterbi 找出最优的整条序列。在 CoNLL 文件上训练，查看 conlleval 口径的实体级 F1。"),
                    "bilstm-crf-tagger", List.of("graph"), 3000,
                    new Text("a CoNLL file (every tenth sentence held out), or a training and a held-out file (IOB1,"
                            + " BIO or IOBES; read as BIO); without one, generated toy NER",
                            "一个 CoNLL 文件（每十句留出一句），或训练与留出两个文件（IOB1、BIO 或 IOBES，统一读为 BIO）；不给则使用自动生成的玩具 NER 数据"),
                    Map.of("model", "bilstm (bilstm or transformer)", "embed", "100 (word vectors; transformer width)",
                            "hidden", "100 (LSTM units per direction)", "token_column", "auto (0-based column)",
                            "tag_column", "auto (0-based column; default the last)"),
                    Tagging::ner));

    private Experiments() {
    }

    public static List<Experiment> all() {
        return ALL;
    }

    public static Optional<Experiment> find(String id) {
        String key = id == null ? "" : id.strip();
        if (key.length() == 1 && Character.isDigit(key.charAt(0))) {
            key = "0" + key;
        }
        String k = key;
        return ALL.stream().filter(e -> e.id().equals(k)).findFirst();
    }

    /** The experiment {@code id} ({@code 05} or {@code 5}), or an error listing them. */
    public static Experiment get(String id) {
        return find(id).orElseThrow(() -> new SeqLabException("There is no experiment '" + id + "'. Experiments: "
                + ALL.stream().map(Experiment::id).toList() + " (run 'seqlab experiments' to list them)."));
    }
}
