using Kosmo.Models.Tft;
using Kosmo.Tensors;

namespace Kosmo.Models.Onnx;

/// <summary>
/// TFT-Lite's inference path (<see cref="TftLite.ForwardLastStep"/>, dropout off) as an ONNX graph: the input scaling
/// node, static embeddings and static VSN, the four context GRNs, the temporal VSN with the per-variable GRN bank, the
/// LSTM seeded with (c_h, c_c), gate + norm, static enrichment, interpretable attention for the forecast day only
/// (keys and values over all L days), gate + norm, the position-wise GRN, the final gate + norm and the head.
/// </summary>
internal static class TftLiteOnnx
{
    /// <summary>Adds the model's nodes after the scaled input; returns the logits (B, C).</summary>
    /// <param name="g">The graph.</param>
    /// <param name="model">The trained model.</param>
    /// <param name="x">The scaled window (B, L, K).</param>
    /// <param name="categorical">The static categories (B, S) int64, or null when S = 0.</param>
    /// <param name="reals">The static reals (B, R), or null when R = 0.</param>
    public static string Build(OnnxGraph g, TftLite model, string x, string? categorical, string? reals)
    {
        var o = model.Options;
        int d = o.Hidden, k = o.Reals, s = o.StaticCardinalities.Count;
        var p = model.Parameters.ToDictionary(q => q.Name, StringComparer.Ordinal);

        // Static encoders: (B, n, D), categories then reals, as the reference stacks them.
        var statics = new List<string>();
        for (var i = 0; i < s; i++)
        {
            var ids = g.Node("Gather", [categorical!, g.InitInt64(g.Fresh("column"), [i])], [OnnxAttribute.Int("axis", 1)]); // (B)
            var table = p[$"cat_emb.{i}.weight"];
            statics.Add(g.Node("Gather", [g.Init(table.Name, table.ToArray(), table.Dim(0), table.Dim(1)), ids], [OnnxAttribute.Int("axis", 0)]));
        }

        for (var i = 0; i < o.StaticReals; i++)
        {
            var column = g.Node("Gather", [reals!, g.Ints(i)], [OnnxAttribute.Int("axis", 1)]); // (B, 1)
            statics.Add(g.Node("Add", [g.Node("Mul", [column, Row(g, p[$"static_real_proj.{i}.weight"])]), Row(g, p[$"static_real_proj.{i}.bias"])]));
        }

        var stacked = g.Node("Concat", [.. statics.Select(e => g.Node("Unsqueeze", [e, g.Ints(1)]))], [OnnxAttribute.Int("axis", 1)]); // (B, n, D)
        var e = Vsn(g, stacked, model.StaticVsn, null, [0, -1]);                                                                   // (B, D)
        var cSel = OnnxLayers.Grn(g, e, model.CSel, null);
        var cEnr = OnnxLayers.Grn(g, e, model.CEnr, null);
        var cH = OnnxLayers.Grn(g, e, model.CH, null);
        var cC = OnnxLayers.Grn(g, e, model.CC, null);

        // Temporal inputs: xs[b, l, i, :] = x[b, l, i]·wᵢ + bᵢ, (B, L, K, D).
        var w = g.Init("real_proj.weight", [.. Enumerable.Range(0, k).SelectMany(i => p[$"real_proj.{i}.weight"].ToArray())], k, d);
        var bias = g.Init("real_proj.bias", [.. Enumerable.Range(0, k).SelectMany(i => p[$"real_proj.{i}.bias"].ToArray())], k, d);
        var xs = g.Node("Add", [g.Node("Mul", [g.Node("Unsqueeze", [x, g.Ints(-1)]), w]), bias]);
        var vsnOut = Vsn(g, xs, model.TemporalVsn, g.Node("Unsqueeze", [cSel, g.Ints(1)]), [0, 0, -1]);                      // (B, L, D)

        // LSTM: PyTorch gate blocks (i, f, g, o) reordered to ONNX's (i, o, f, c); bias_ih then bias_hh.
        int[] order = [0, 3, 1, 2];
        var wIh = g.Init("lstm.W", Blocks(p["lstm.weight_ih_l0"].ToArray(), d * d, order), 1, 4 * d, d);
        var wHh = g.Init("lstm.R", Blocks(p["lstm.weight_hh_l0"].ToArray(), d * d, order), 1, 4 * d, d);
        var b = g.Init("lstm.B", [.. Blocks(p["lstm.bias_ih_l0"].ToArray(), d, order), .. Blocks(p["lstm.bias_hh_l0"].ToArray(), d, order)], 1, 8 * d);
        var seq = g.Node("Transpose", [vsnOut], [OnnxAttribute.Ints("perm", 1, 0, 2)]);                                     // (L, B, D)
        var y = g.Nodes("LSTM", [seq, wIh, wHh, b, "", g.Node("Unsqueeze", [cH, g.Ints(0)]), g.Node("Unsqueeze", [cC, g.Ints(0)])], 1,
            [OnnxAttribute.Int("hidden_size", d)])[0];                                                                        // (L, 1, B, D)
        var lstmOut = g.Node("Transpose", [g.Node("Squeeze", [y, g.Ints(1)])], [OnnxAttribute.Ints("perm", 1, 0, 2)]);      // (B, L, D)
        var phi = OnnxLayers.GateAddNorm(g, lstmOut, vsnOut, model.Gate1, model.Norm1);
        var theta = OnnxLayers.Grn(g, phi, model.Enrich, g.Node("Unsqueeze", [cEnr, g.Ints(1)]));

        // Attention for the forecast day q = L − 1 (sees every day: no mask).
        var thetaLast = g.Node("Gather", [theta, g.InitInt64(g.Fresh("last"), [-1])], [OnnxAttribute.Int("axis", 1)]);   // (B, D)
        var attn = Attention(g, model.Attention, theta, thetaLast);                                                          // (B, D)
        var delta = OnnxLayers.GateAddNorm(g, attn, thetaLast, model.Gate2, model.Norm2);
        var ff = OnnxLayers.Grn(g, delta, model.Ff, null);
        var phiLast = g.Node("Gather", [phi, g.InitInt64(g.Fresh("last"), [-1])], [OnnxAttribute.Int("axis", 1)]);
        var psi = OnnxLayers.GateAddNorm(g, ff, phiLast, model.Gate3, model.Norm3);
        return OnnxLayers.Linear(g, psi, model.Head);
    }

    // VSN: softmax(GRN_w(flatten(xs), c)) over the n variables times the per-variable GRNs, summed. // xs: (..., n, D) -> (..., D)
    private static string Vsn(OnnxGraph g, string xs, Layers.VariableSelectionNetwork vsn, string? context, long[] flatShape)
    {
        var flat = g.Node("Reshape", [xs, g.Ints(flatShape)]);                                                                // (..., n·D)
        var weights = g.Node("Softmax", [OnnxLayers.Grn(g, flat, vsn.WeightsGrn, context)], [OnnxAttribute.Int("axis", -1)]); // (..., n)
        var processed = OnnxLayers.GrnBank(g, xs, vsn.VarGrns.Networks, vsn.WeightsGrn.Fc2.Weight.Name.Replace(".weights_grn.fc2.weight", ".var_grns", StringComparison.Ordinal));
        var weighted = g.Node("Mul", [processed, g.Node("Unsqueeze", [weights, g.Ints(-1)])]);
        return g.Node("ReduceSum", [weighted, g.Ints(-2)], [OnnxAttribute.Int("keepdims", 0)]);
    }

    // Interpretable multi-head attention, forecast query only: heads' softmax weights averaged, times the shared V.
    // theta: (B, L, D), query: (B, D) -> (B, D)
    private static string Attention(OnnxGraph g, Layers.InterpretableMultiHeadAttention a, string theta, string query)
    {
        int h = a.Heads, dk = a.HeadSize;
        var q = g.Node("Reshape", [Stacked(g, query, a.Q, "attn.q"), g.Ints(0, h, 1, dk)]);                                  // (B, H, 1, dk)
        var k = g.Node("Reshape", [Stacked(g, theta, a.K, "attn.k"), g.Ints(0, 0, h, dk)]);                                  // (B, L, H, dk)
        var kt = g.Node("Transpose", [k], [OnnxAttribute.Ints("perm", 0, 2, 3, 1)]);                                          // (B, H, dk, L)
        var scores = g.Node("Mul", [g.Node("MatMul", [q, kt]), g.Scalar(1f / MathF.Sqrt(dk))]);                             // (B, H, 1, L)
        var weights = g.Node("ReduceMean", [g.Node("Softmax", [scores], [OnnxAttribute.Int("axis", -1)])], [OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0)]); // (B, 1, L)
        var v = OnnxLayers.Linear(g, theta, a.V);                                                                             // (B, L, dk)
        var heads = g.Node("Squeeze", [g.Node("MatMul", [weights, v]), g.Ints(1)]);                                          // (B, dk)
        return OnnxLayers.Linear(g, heads, a.Out);
    }

    // All heads' projections in one MatMul: weights stacked to (H·dk, D). // x: (..., D) -> (..., H·dk)
    private static string Stacked(OnnxGraph g, string x, IReadOnlyList<Kosmo.Tensors.Layers.LinearLayer> layers, string name)
    {
        var w = new Parameter(name + ".weight", [.. layers.SelectMany(l => l.Weight.ToArray())], layers.Count * layers[0].Weight.Dim(0), layers[0].Weight.Dim(1));
        var b = new Parameter(name + ".bias", [.. layers.SelectMany(l => l.Bias!.ToArray())], layers.Count * layers[0].Weight.Dim(0));
        return OnnxLayers.Linear(g, x, w, b, 0, w.Dim(0), name + ".weight");
    }

    // A (D) or (D, 1) parameter as a (1, D) row.
    private static string Row(OnnxGraph g, Parameter p) => g.Init(p.Name, p.ToArray(), 1, p.Size);

    // Reorders equal blocks of a flat array.
    private static float[] Blocks(float[] data, int block, int[] order) => [.. order.SelectMany(o => data.AsSpan(o * block, block).ToArray())];
}
