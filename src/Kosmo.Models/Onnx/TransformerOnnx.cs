using Kosmo.Models.Neural;
using Kosmo.Tensors;

namespace Kosmo.Models.Onnx;

/// <summary>
/// <see cref="TransformerClassifier"/>'s inference path as an ONNX graph: input projection plus the sinusoidal (or
/// learned) positions of the window's L days, pre-norm blocks (causal multi-head self-attention with an additive −∞
/// mask above the diagonal, residual; LayerNorm → Linear → exact GELU → Linear, residual), the final LayerNorm, the
/// last day (or the mean over days), the static embeddings and reals, the head.
/// </summary>
internal static class TransformerOnnx
{
    private static readonly long[] _headsPerm = [0, 2, 1, 3];
    private static readonly long[] _keysPerm = [0, 2, 3, 1];

    /// <summary>K, S and R of the model.</summary>
    public static (int K, int S, int R) Sizes(TransformerClassifier model)
    {
        var o = model.Options;
        return (o.Features, o.Statics?.Cardinalities.Length ?? 0, o.Statics?.RealCount ?? 0);
    }

    /// <summary>Adds the model's nodes after the scaled input; returns the logits (B, C).</summary>
    /// <exception cref="ArgumentException">L exceeds the learned positions' MaxLength.</exception>
    public static string Build(OnnxGraph g, TransformerClassifier model, string x, int lookback, string? categorical, string? reals)
    {
        var o = model.Options;
        var p = model.Parameters.ToDictionary(q => q.Name, StringComparer.Ordinal);
        int d = o.ModelDim, l = lookback, heads = o.Heads, dh = d / heads;
        float[] positions;
        if (o.Positions == PositionEncoding.Learned)
        {
            if (l > o.MaxLength)
            {
                throw new ArgumentException($"transformer: window length {l} exceeds the learned positions' MaxLength {o.MaxLength}.");
            }

            positions = p["transformer.positions"].ToArray().AsSpan(0, l * d).ToArray();
        }
        else
        {
            positions = TransformerClassifier.SinusoidalPositions(l, d);
        }

        var h = g.Node("Add", [Linear(g, x, p, "transformer.input"), g.Init("transformer.positions[0:L]", positions, l, d)]); // (B, L, D)
        var mask = new float[l * l];
        for (var i = 0; i < l; i++)
        {
            for (var j = i + 1; j < l; j++)
            {
                mask[(i * l) + j] = float.NegativeInfinity;
            }
        }

        var causal = g.Init("causal_mask", mask, l, l);
        var scale = g.Scalar(1f / MathF.Sqrt(dh));
        for (var b = 0; p.ContainsKey($"transformer.block{b}.ln1.gamma"); b++)
        {
            var name = $"transformer.block{b}";
            var a = Norm(g, h, p, name + ".ln1");
            var q = Heads(g, Linear(g, a, p, name + ".attn.q"), heads, dh, transposeLast: false);  // (B, H, L, dh)
            var k = Heads(g, Linear(g, a, p, name + ".attn.k"), heads, dh, transposeLast: true);   // (B, H, dh, L)
            var v = Heads(g, Linear(g, a, p, name + ".attn.v"), heads, dh, transposeLast: false);
            var scores = g.Node("Add", [g.Node("Mul", [g.Node("MatMul", [q, k]), scale]), causal]);
            var context = g.Node("MatMul", [g.Node("Softmax", [scores], [OnnxAttribute.Int("axis", -1)]), v]);        // (B, H, L, dh)
            var merged = g.Node("Reshape", [g.Node("Transpose", [context], [OnnxAttribute.Ints("perm", 0, 2, 1, 3)]), g.Ints(0, 0, d)]);
            h = g.Node("Add", [h, Linear(g, merged, p, name + ".attn.out")]);
            var f = Linear(g, OnnxLayers.Gelu(g, Linear(g, Norm(g, h, p, name + ".ln2"), p, name + ".ff1")), p, name + ".ff2");
            h = g.Node("Add", [h, f]);
        }

        h = Norm(g, h, p, "transformer.ln");
        var pooled = o.Pooling == SequencePooling.Last
            ? g.Node("Gather", [h, g.InitInt64(g.Fresh("last"), [-1])], [OnnxAttribute.Int("axis", 1)])
            : g.Node("ReduceMean", [h], [OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0)]);             // (B, D)
        var parts = new List<string> { pooled };
        parts.AddRange(LstmOnnx.Statics(g, LstmOnnx.Tables(p, "transformer.static.emb"), categorical, reals));
        var joined = parts.Count == 1 ? parts[0] : g.Node("Concat", [.. parts], [OnnxAttribute.Int("axis", 1)]);
        return Linear(g, joined, p, "transformer.head");
    }

    private static string Linear(OnnxGraph g, string x, Dictionary<string, Parameter> p, string name)
    {
        var w = p[name + ".weight"];
        return OnnxLayers.Linear(g, x, w, p[name + ".bias"], 0, w.Dim(0), w.Name);
    }

    private static string Norm(OnnxGraph g, string x, Dictionary<string, Parameter> p, string name) =>
        g.Node("LayerNormalization", [x, g.Init(name + ".gamma", p[name + ".gamma"].ToArray(), p[name + ".gamma"].Size), g.Init(name + ".beta", p[name + ".beta"].ToArray(), p[name + ".beta"].Size)],
            [OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f)]);

    // (B, L, H·dh) -> (B, H, L, dh), or (B, H, dh, L) for the keys.
    private static string Heads(OnnxGraph g, string t, int heads, int dh, bool transposeLast) =>
        g.Node("Transpose", [g.Node("Reshape", [t, g.Ints(0, 0, heads, dh)])], [OnnxAttribute.Ints("perm", transposeLast ? _keysPerm : _headsPerm)]);
}
