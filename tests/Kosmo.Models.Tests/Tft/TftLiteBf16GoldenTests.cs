using Kosmo.Models.Tests.Golden;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;
using Kosmo.Testing;

namespace Kosmo.Models.Tests.Tft;

/// <summary>
/// The PyTorch golden file (tests/fixtures/tft_lite/tft_lite_small, fp32) against TFT-Lite run with bf16 products
/// (<see cref="MixedPrecision"/>), at a bf16 tolerance: every operand of a product is rounded to 8 significant bits
/// (2⁻⁹ relative), so each output and gradient is compared in relative L2 norm over the whole tensor (a per-element
/// bound would be dominated by the few elements that cancel to near zero). Tolerances: logits and attention 1 %,
/// every intermediate 1 %, every parameter gradient 4 % (all parameters together 2 %), the input gradient 1 %, the loss
/// 1e-2; measured here: logits 0.33 %, attention 0.31 %, intermediates ≤ 0.21 %, parameter gradients ≤ 1.4 %, input
/// gradient ≤ 0.34 % (fp32: ≤ 1e-4 per element). The key biases' gradients are zero in exact arithmetic (softmax
/// ignores a shift shared by every key), so their reference values are rounding noise and are not compared.
/// Skipped (returns) where the CPU lacks AVX512_BF16; fails where it has it but the bf16 kernels did not load.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class TftLiteBf16GoldenTests
{
    private static readonly Lazy<GoldenFile> _golden = new(() => GoldenFile.Load(TestData.Fixture("tft_lite", "tft_lite_small.json")));

    [Fact]
    public void Forward_Should_MatchPyTorchWithinTheBf16Tolerance_When_RunInBf16()
    {
        if (!Ready())
        {
            return;
        }

        // Given the reference weights and inputs
        var g = _golden.Value;
        var (model, x, cats, reals) = TftLiteGoldenTests.Setup(g);

        // When the same inputs run with bf16 products, dropout off
        using var scope = MixedPrecision.Scope(Precision.Bf16);
        var o = model.Forward(x, cats, reals, dropoutRng: null, captureIntermediates: true);

        // Then outputs and intermediates are within the bf16 tolerance of PyTorch's fp32 values, and not bit-equal to
        // them (the bf16 products really ran)
        RelativeL2(o.Logits.ToArray(), g.Output("logits").Values).Should().BeLessThan(0.01, "logits");
        RelativeL2(o.Attention.ToArray(), g.Output("attention").Values).Should().BeLessThan(0.01, "attention");
        foreach (var name in new[] { "static_context", "c_sel", "c_enr", "c_h", "c_c", "vsn_out", "lstm_out", "phi", "theta", "attn_out", "delta", "ff_out", "psi" })
        {
            RelativeL2(o.Intermediates[name].ToArray(), g.Intermediate(name).Values).Should().BeLessThan(0.01, name);
        }

        RelativeL2(o.Logits.ToArray(), g.Output("logits").Values).Should().BeGreaterThan(1e-6, "bf16 products must actually run");
    }

    [Fact]
    public void Backward_Should_MatchPyTorchGradientsWithinTheBf16Tolerance_When_RunInBf16()
    {
        if (!Ready())
        {
            return;
        }

        // Given the reference model and batch
        var g = _golden.Value;
        var (model, x, cats, reals) = TftLiteGoldenTests.Setup(g);
        foreach (var p in model.Parameters)
        {
            p.ZeroGrad();
        }

        // When the mean cross-entropy is backpropagated with bf16 products
        using var scope = MixedPrecision.Scope(Precision.Bf16);
        var o = model.Forward(x, cats, reals, dropoutRng: null);
        var loss = Ops.CrossEntropy(o.Logits, g.Input("y").Ints);
        loss.Item().Should().BeApproximately((float)g.Loss, 1e-2f);
        loss.Backward();

        // Then every parameter gradient is within 4 % (relative L2) of PyTorch's, all of them together within 2 %
        double diff = 0, norm = 0;
        foreach (var p in model.Parameters)
        {
            if (p.Name.StartsWith("attn.k.", StringComparison.Ordinal) && p.Name.EndsWith(".bias", StringComparison.Ordinal))
            {
                continue; // zero in exact arithmetic: the reference holds rounding noise
            }

            var expected = g.Gradient(p.Name).Values;
            var (d, n) = SquaredErrorAndNorm(p.Grad!, expected);
            diff += d;
            norm += n;
            Math.Sqrt(d / n).Should().BeLessThan(0.04, $"grad {p.Name}");
        }

        Math.Sqrt(diff / norm).Should().BeLessThan(0.02, "all parameter gradients together");
        RelativeL2(x.Grad!, g.Get("input_grad", "x_real").Values).Should().BeLessThan(0.01, "grad x_real");
    }

    private static bool Ready()
    {
        if (Bf16Native.IsAvailable)
        {
            return true;
        }

        Bf16Native.CpuHasBf16(out _).Should().BeFalse($"the CPU has AVX512_BF16, so the bf16 kernels should load: {Bf16Native.Status}");
        return false;
    }

    private static double RelativeL2(float[] actual, float[] expected)
    {
        var (d, n) = SquaredErrorAndNorm(actual, expected);
        return Math.Sqrt(d / Math.Max(n, 1e-30));
    }

    private static (double Diff, double Norm) SquaredErrorAndNorm(float[] actual, float[] expected)
    {
        actual.Length.Should().BeGreaterThanOrEqualTo(expected.Length);
        double d = 0, n = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var e = actual[i] - (double)expected[i];
            d += e * e;
            n += expected[i] * (double)expected[i];
        }

        return (d, n);
    }
}
