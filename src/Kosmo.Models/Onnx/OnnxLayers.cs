using Kosmo.Models.Layers;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Onnx;

/// <summary>
/// Kosmo's layers as ONNX subgraphs, inference only (dropout is the identity): linear maps as MatMul + Add with the
/// weight stored transposed (In, Out) under the parameter's PyTorch name, the GLU as two half projections, the GRN,
/// a bank of n GRNs applied to (..., n, D) at once (stacked weights, batched MatMul), and LayerNormalization (ε = 1e-5).
/// </summary>
internal static class OnnxLayers
{
    /// <summary>x·Wᵀ + b. // x: (..., In) -> (..., Out)</summary>
    public static string Linear(OnnxGraph g, string x, LinearLayer layer) => Linear(g, x, layer.Weight, layer.Bias, 0, layer.Weight.Dim(0), layer.Weight.Name);

    /// <summary>Rows [from, from + count) of a linear map. // x: (..., In) -> (..., count)</summary>
    public static string Linear(OnnxGraph g, string x, Parameter weight, Parameter? bias, int from, int count, string name)
    {
        var w = g.Init(name + (count == weight.Dim(0) ? "" : $"[{from}:{from + count}]") + ".T", Transposed(weight, from, count), weight.Dim(1), count);
        var y = g.Node("MatMul", [x, w]);
        if (bias is null)
        {
            return y;
        }

        var b = g.Init(bias.Name + (count == weight.Dim(0) ? "" : $"[{from}:{from + count}]"), bias.ToArray().AsSpan(from, count).ToArray(), count);
        return g.Node("Add", [y, b]);
    }

    /// <summary>a · σ(b), [a, b] = fc(x). // x: (..., In) -> (..., Out)</summary>
    public static string Glu(OnnxGraph g, string x, GluLayer glu)
    {
        var o = glu.OutFeatures;
        var a = Linear(g, x, glu.Fc.Weight, glu.Fc.Bias, 0, o, glu.Fc.Weight.Name);
        var b = Linear(g, x, glu.Fc.Weight, glu.Fc.Bias, o, o, glu.Fc.Weight.Name);
        return g.Node("Mul", [a, g.Node("Sigmoid", [b])]);
    }

    /// <summary>Exact GELU 0.5·x·(1 + erf(x/√2)) from Erf (Gelu is not an opset-17 operator).</summary>
    public static string Gelu(OnnxGraph g, string y)
    {
        var erf = g.Node("Erf", [g.Node("Mul", [y, g.Scalar(1f / MathF.Sqrt(2f))])]);
        return g.Node("Mul", [g.Node("Mul", [y, g.Scalar(0.5f)]), g.Node("Add", [erf, g.Scalar(1f)])]);
    }

    /// <summary>LayerNorm over the last axis. // x: (..., D) -> (..., D)</summary>
    public static string LayerNorm(OnnxGraph g, string x, LayerNormLayer norm) =>
        g.Node("LayerNormalization", [x, g.Init(norm.Weight.Name, norm.Weight.ToArray(), norm.Weight.Size), g.Init(norm.Bias.Name, norm.Bias.ToArray(), norm.Bias.Size)],
            [OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f)]);

    /// <summary>norm(residual + GLU(x)).</summary>
    public static string GateAddNorm(OnnxGraph g, string x, string residual, GluLayer glu, LayerNormLayer norm) =>
        LayerNorm(g, g.Node("Add", [residual, Glu(g, x, glu)]), norm);

    /// <summary>
    /// GRN(a, c) = LayerNorm(skip(a) + GLU(W1·ELU(W2·a + W3·c + b2) + b1)).
    /// // a: (..., In), c: a context already shaped to broadcast against (..., Hidden) or null -> (..., Out)
    /// </summary>
    public static string Grn(OnnxGraph g, string a, GatedResidualNetwork grn, string? context)
    {
        var h = Linear(g, a, grn.Fc2);
        if (grn.Ctx is not null && context is not null)
        {
            h = g.Node("Add", [h, Linear(g, context, grn.Ctx)]);
        }

        h = Linear(g, g.Node("Elu", [h], [OnnxAttribute.Float("alpha", 1f)]), grn.Fc1);
        var skip = grn.Skip is null ? a : Linear(g, a, grn.Skip);
        return GateAddNorm(g, h, skip, grn.Glu, grn.Norm);
    }

    /// <summary>
    /// n GRNs (same sizes, no skip, no context) applied to their own variable: out[..., i, :] = GRNᵢ(xs[..., i, :]).
    /// // xs: (..., n, D) -> (..., n, D)
    /// </summary>
    public static string GrnBank(OnnxGraph g, string xs, IReadOnlyList<GatedResidualNetwork> nets, string name)
    {
        var h = BankLinear(g, xs, nets.Select(n => (n.Fc2.Weight, n.Fc2.Bias!)).ToList(), 0, nets[0].Fc2.Weight.Dim(0), name + ".fc2");
        h = BankLinear(g, g.Node("Elu", [h], [OnnxAttribute.Float("alpha", 1f)]), nets.Select(n => (n.Fc1.Weight, n.Fc1.Bias!)).ToList(), 0, nets[0].Fc1.Weight.Dim(0), name + ".fc1");
        var o = nets[0].Glu.OutFeatures;
        var glu = nets.Select(n => (n.Glu.Fc.Weight, n.Glu.Fc.Bias!)).ToList();
        var gated = g.Node("Mul", [BankLinear(g, h, glu, 0, o, name + ".glu.fc[a]"), g.Node("Sigmoid", [BankLinear(g, h, glu, o, o, name + ".glu.fc[b]")])]);
        var sum = g.Node("Add", [xs, gated]);
        var d = nets[0].Norm.Weight.Size;
        var unit = g.Node("LayerNormalization", [sum, g.Init(name + ".norm.unit", Enumerable.Repeat(1f, d).ToArray(), d), g.Init(name + ".norm.zero", new float[d], d)],
            [OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f)]);
        var gamma = g.Init(name + ".norm.weight", [.. nets.SelectMany(n => n.Norm.Weight.ToArray())], nets.Count, d);
        var beta = g.Init(name + ".norm.bias", [.. nets.SelectMany(n => n.Norm.Bias.ToArray())], nets.Count, d);
        return g.Node("Add", [g.Node("Mul", [unit, gamma]), beta]);
    }

    // Per-variable linear maps, rows [from, from + count) of each: (..., n, In) -> (..., n, count).
    private static string BankLinear(OnnxGraph g, string xs, List<(Parameter W, Parameter B)> maps, int from, int count, string name)
    {
        var n = maps.Count;
        var din = maps[0].W.Dim(1);
        var w = g.Init(name + ".weight.T", [.. maps.SelectMany(m => Transposed(m.W, from, count))], n, din, count);
        var b = g.Init(name + ".bias", [.. maps.SelectMany(m => m.B.ToArray().AsSpan(from, count).ToArray())], n, count);
        var x = g.Node("Unsqueeze", [xs, g.Ints(-2)]);                 // (..., n, 1, In)
        var y = g.Node("Squeeze", [g.Node("MatMul", [x, w]), g.Ints(-2)]); // (..., n, count)
        return g.Node("Add", [y, b]);
    }

    // Rows [from, from + count) of an (Out, In) weight, transposed to (In, count), row-major.
    private static float[] Transposed(Parameter weight, int from, int count)
    {
        var data = weight.ToArray();
        int din = weight.Dim(1);
        var t = new float[din * count];
        for (var o = 0; o < count; o++)
        {
            for (var i = 0; i < din; i++)
            {
                t[(i * count) + o] = data[((from + o) * din) + i];
            }
        }

        return t;
    }
}
