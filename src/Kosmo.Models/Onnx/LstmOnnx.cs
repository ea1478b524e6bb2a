using Kosmo.Models.Neural;
using Kosmo.Tensors;

namespace Kosmo.Models.Onnx;

/// <summary>
/// <see cref="LstmClassifier"/>'s inference path as an ONNX graph: the LSTM from a zero state over the window (gate
/// blocks i, f, g, o reordered to ONNX's i, o, f, c; Kosmo's one summed bias as ONNX's input bias, the recurrent bias
/// zero), its last hidden state, concatenated with the static embeddings and reals, then the head. The sizes are read
/// from the parameters ("lstm.cell.w_ih" (4H, K), "lstm.static.emb{s}" (V, E), "lstm.head.weight" (C, H + S·E + R)).
/// </summary>
internal static class LstmOnnx
{
    /// <summary>K, S and R of the model.</summary>
    public static (int K, int S, int R) Sizes(LstmClassifier model)
    {
        var p = Named(model);
        var h = p["lstm.cell.w_hh"].Dim(1);
        var tables = Tables(p);
        return (p["lstm.cell.w_ih"].Dim(1), tables.Count, p["lstm.head.weight"].Dim(1) - h - tables.Sum(t => t.Dim(1)));
    }

    /// <summary>Adds the model's nodes after the scaled input; returns the logits (B, C).</summary>
    public static string Build(OnnxGraph g, LstmClassifier model, string x, string? categorical, string? reals)
    {
        var p = Named(model);
        var h = p["lstm.cell.w_hh"].Dim(1);
        int[] order = [0, 3, 1, 2];
        var w = g.Init("lstm.cell.W", Blocks(p["lstm.cell.w_ih"].ToArray(), h * p["lstm.cell.w_ih"].Dim(1), order), 1, 4 * h, p["lstm.cell.w_ih"].Dim(1));
        var r = g.Init("lstm.cell.R", Blocks(p["lstm.cell.w_hh"].ToArray(), h * h, order), 1, 4 * h, h);
        var b = g.Init("lstm.cell.B", [.. Blocks(p["lstm.cell.bias"].ToArray(), h, order), .. new float[4 * h]], 1, 8 * h);
        var seq = g.Node("Transpose", [x], [OnnxAttribute.Ints("perm", 1, 0, 2)]);                         // (L, B, K)
        var last = g.Nodes("LSTM", [seq, w, r, b], 2, [OnnxAttribute.Int("hidden_size", h)])[1];          // (1, B, H)
        var features = new List<string> { g.Node("Squeeze", [last, g.Ints(0)]) };                         // (B, H)
        features.AddRange(Statics(g, Tables(p), categorical, reals));
        var joined = features.Count == 1 ? features[0] : g.Node("Concat", [.. features], [OnnxAttribute.Int("axis", 1)]);
        return OnnxLayers.Linear(g, joined, p["lstm.head.weight"], p["lstm.head.bias"], 0, p["lstm.head.weight"].Dim(0), "lstm.head.weight");
    }

    /// <summary>A static encoder's output parts: each table's rows for its category column, then the reals. // -> (B, E) each, (B, R)</summary>
    public static IEnumerable<string> Statics(OnnxGraph g, IReadOnlyList<Parameter> tables, string? categorical, string? reals)
    {
        for (var s = 0; s < tables.Count; s++)
        {
            var ids = g.Node("Gather", [categorical!, g.InitInt64(g.Fresh("column"), [s])], [OnnxAttribute.Int("axis", 1)]);
            yield return g.Node("Gather", [g.Init(tables[s].Name, tables[s].ToArray(), tables[s].Dim(0), tables[s].Dim(1)), ids], [OnnxAttribute.Int("axis", 0)]);
        }

        if (reals is not null)
        {
            yield return reals;
        }
    }

    private static Dictionary<string, Parameter> Named(LstmClassifier model) => model.Parameters.ToDictionary(q => q.Name, StringComparer.Ordinal);

    /// <summary>The embedding tables PREFIX0, PREFIX1, ... of a static encoder.</summary>
    public static List<Parameter> Tables(Dictionary<string, Parameter> p, string prefix = "lstm.static.emb")
    {
        var tables = new List<Parameter>();
        for (var s = 0; p.TryGetValue($"{prefix}{s}", out var t); s++)
        {
            tables.Add(t);
        }

        return tables;
    }

    private static float[] Blocks(float[] data, int block, int[] order) => [.. order.SelectMany(o => data.AsSpan(o * block, block).ToArray())];
}
