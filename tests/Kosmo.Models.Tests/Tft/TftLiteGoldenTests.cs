using Kosmo.Models.Tests.Golden;
using Kosmo.Models.Tft;
using Kosmo.Tensors;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.Tft;

/// <summary>
/// The acceptance test: TFT-Lite with the PyTorch reference's weights (tests/fixtures/tft_lite/tft_lite_small, written
/// by tools/golden/tft_lite_export.py from shared/reference/tft_lite.py) reproduces its logits, attention, variable
/// weights, every intermediate, and after a cross-entropy backward every parameter and input gradient.
/// Tolerance: |actual − expected| ≤ 1e-4·|expected| + 1e-5 (activations) / + 2e-6 (gradients).
/// </summary>
public sealed class TftLiteGoldenTests
{
    private const double Rtol = 1e-4;
    private const double ActivationAtol = 1e-5;
    private const double GradientAtol = 2e-6;
    private static readonly Lazy<GoldenFile> _golden = new(() => GoldenFile.Load(TestData.Fixture("tft_lite", "tft_lite_small.json")));

    [Fact]
    public void Forward_Should_MatchPyTorchOutputsAndIntermediates_When_LoadedWithReferenceWeights()
    {
        // Given the reference weights and inputs
        var g = _golden.Value;
        var (model, x, cats, reals) = Setup(g);

        // When running the same inputs with dropout off
        var o = model.Forward(x, cats, reals, dropoutRng: null, captureIntermediates: true);

        // Then every output and intermediate matches
        Assert(o.Logits.ToArray(), g.Output("logits").Values, ActivationAtol, "logits");
        Assert(o.Attention.ToArray(), g.Output("attention").Values, ActivationAtol, "attention");
        Assert(o.TemporalWeights.ToArray(), g.Output("temporal_weights").Values, ActivationAtol, "temporal_weights");
        Assert(o.StaticWeights.ToArray(), g.Output("static_weights").Values, ActivationAtol, "static_weights");
        foreach (var name in new[] { "static_context", "c_sel", "c_enr", "c_h", "c_c", "vsn_out", "lstm_out", "phi", "theta", "attn_out", "delta", "ff_out", "psi" })
        {
            Assert(o.Intermediates[name].ToArray(), g.Intermediate(name).Values, ActivationAtol, name);
        }

        // variable-major (n, B, D) vs PyTorch (B, n, D); (K, B·L, D) vs (B, L, K, D)
        Assert(VariableMajorToRowMajor(o.Intermediates["static_inputs"]), g.Intermediate("static_inputs").Values, ActivationAtol, "static_inputs");
        Assert(VariableMajorToRowMajor(o.Intermediates["temporal_inputs"]), g.Intermediate("temporal_inputs").Values, ActivationAtol, "temporal_inputs");
    }

    [Fact]
    public void Backward_Should_MatchEveryPyTorchGradient_When_CrossEntropyOfTheReferenceBatch()
    {
        // Given the reference model and batch
        var g = _golden.Value;
        var (model, x, cats, reals) = Setup(g);
        foreach (var p in model.Parameters)
        {
            p.ZeroGrad();
        }

        // When the mean cross-entropy is backpropagated
        var o = model.Forward(x, cats, reals, dropoutRng: null);
        var loss = Ops.CrossEntropy(o.Logits, g.Input("y").Ints);
        loss.Item().Should().BeApproximately((float)g.Loss, 1e-5f);
        loss.Backward();

        // Then all parameter gradients (and the input gradients) match
        model.Parameters.Select(p => p.Name).Should().Equal(g.Parameters.Select(p => p.Name), "parameters are named and ordered like named_parameters()");
        foreach (var p in model.Parameters)
        {
            Assert(p.Grad!, g.Gradient(p.Name).Values, GradientAtol, "grad " + p.Name);
        }

        Assert(x.Grad!, g.Get("input_grad", "x_real").Values, GradientAtol, "grad x_real");
        Assert(reals.Grad!, g.Get("input_grad", "s_real").Values, GradientAtol, "grad s_real");
    }

    internal static (TftLite Model, Parameter X, int[] Cats, Parameter Reals) Setup(GoldenFile g)
    {
        var c = g.Config;
        var options = new TftLiteOptions(
            c.GetProperty("n_real").GetInt32(),
            c.GetProperty("static_cardinalities").EnumerateArray().Select(v => v.GetInt32()).ToArray(),
            c.GetProperty("n_static_real").GetInt32(),
            c.GetProperty("hidden").GetInt32(),
            c.GetProperty("heads").GetInt32(),
            c.GetProperty("classes").GetInt32(),
            Dropout: 0f,
            Seed: 99);
        var model = new TftLite(options);
        var byName = model.Parameters.ToDictionary(p => p.Name);
        foreach (var gp in g.Parameters)
        {
            byName[gp.Name].Shape.Should().Equal(gp.Shape, gp.Name);
            gp.Values.CopyTo(byName[gp.Name].Data, 0);
        }

        var xr = g.Input("x_real");
        var sr = g.Input("s_real");
        return (model, new Parameter("x_real", (float[])xr.Values.Clone(), xr.Shape), g.Input("s_cat").Ints,
            new Parameter("s_real", (float[])sr.Values.Clone(), sr.Shape));
    }

    // (n, M, D) -> (M, n, D)
    private static float[] VariableMajorToRowMajor(Tensor t)
    {
        int n = t.Dim(0), m = t.Dim(1), d = t.Dim(2);
        var y = new float[t.Size];
        for (var i = 0; i < n; i++)
        {
            for (var r = 0; r < m; r++)
            {
                Array.Copy(t.Data, ((i * m) + r) * d, y, ((r * n) + i) * d, d);
            }
        }

        return y;
    }

    private static void Assert(float[] actual, float[] expected, double atol, string what)
    {
        actual.Length.Should().BeGreaterThanOrEqualTo(expected.Length, what);
        var worst = -1;
        var worstExcess = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var err = Math.Abs((double)actual[i] - expected[i]);
            var excess = err - ((Rtol * Math.Abs(expected[i])) + atol);
            if (excess > worstExcess || double.IsNaN(err))
            {
                worstExcess = double.IsNaN(err) ? double.PositiveInfinity : excess;
                worst = i;
            }
        }

        worst.Should().Be(-1, $"{what}[{worst}] = {(worst >= 0 ? actual[worst] : 0)} but expected {(worst >= 0 ? expected[worst] : 0)} (|a−e| ≤ {Rtol}·|e| + {atol})");
    }
}
