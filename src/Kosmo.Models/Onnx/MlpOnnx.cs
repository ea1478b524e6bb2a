using Kosmo.Models.Neural;
using Kosmo.Tensors;

namespace Kosmo.Models.Onnx;

/// <summary>
/// <see cref="MlpClassifier"/>'s inference path as an ONNX graph: the window's last day, concatenated with the static
/// embeddings and reals, [Linear → exact GELU 0.5·x·(1 + erf(x/√2))] × layers (composed from Erf: Gelu is not an
/// opset-17 operator), then the head. Sizes from the parameters ("mlp.static.emb{s}", "mlp.hidden{i}", "mlp.head").
/// </summary>
internal static class MlpOnnx
{
    /// <summary>S and R of the model given K (the first layer's input is K + S·E + R).</summary>
    public static (int K, int S, int R) Sizes(MlpClassifier model, int k)
    {
        var p = Named(model);
        var tables = LstmOnnx.Tables(p, "mlp.static.emb");
        return (k, tables.Count, p["mlp.hidden0.weight"].Dim(1) - k - tables.Sum(t => t.Dim(1)));
    }

    /// <summary>Adds the model's nodes after the scaled input; returns the logits (B, C).</summary>
    public static string Build(OnnxGraph g, MlpClassifier model, string x, string? categorical, string? reals)
    {
        var p = Named(model);
        var parts = new List<string> { g.Node("Gather", [x, g.InitInt64(g.Fresh("last"), [-1])], [OnnxAttribute.Int("axis", 1)]) }; // (B, K)
        parts.AddRange(LstmOnnx.Statics(g, LstmOnnx.Tables(p, "mlp.static.emb"), categorical, reals));
        var h = parts.Count == 1 ? parts[0] : g.Node("Concat", [.. parts], [OnnxAttribute.Int("axis", 1)]);
        for (var i = 0; p.TryGetValue($"mlp.hidden{i}.weight", out var w); i++)
        {
            h = OnnxLayers.Gelu(g, OnnxLayers.Linear(g, h, w, p[$"mlp.hidden{i}.bias"], 0, w.Dim(0), w.Name));
        }

        var head = p["mlp.head.weight"];
        return OnnxLayers.Linear(g, h, head, p["mlp.head.bias"], 0, head.Dim(0), head.Name);
    }

    private static Dictionary<string, Parameter> Named(MlpClassifier model) => model.Parameters.ToDictionary(q => q.Name, StringComparer.Ordinal);
}
