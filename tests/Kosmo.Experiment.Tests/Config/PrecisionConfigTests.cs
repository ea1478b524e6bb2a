using Kosmo.Experiment.Config;
using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Experiment.Tests.Config;

/// <summary>
/// <c>model.precision</c>: fp32 by default, bf16 where the bf16 kernels run, a configuration error naming the file, line
/// and reason where they do not (never a silent fp32 run), and any other value rejected.
/// </summary>
[Collection(PrecisionCollection.Name)]
public sealed class PrecisionConfigTests
{
    [Fact]
    public void Parse_Should_DefaultToFp32_When_PrecisionIsAbsent()
    {
        ExperimentConfig.Parse("", "exp.yaml").Single().Model.Products.Should().Be(Precision.Fp32);
        ExperimentConfig.Parse("model:\n  precision: fp32\n", "exp.yaml").Single().Model.Products.Should().Be(Precision.Fp32);
    }

    [Fact]
    public void Parse_Should_SelectBf16_When_TheKernelsAreAvailable()
    {
        if (!Bf16Native.IsAvailable)
        {
            Bf16Native.CpuHasBf16(out _).Should().BeFalse($"the CPU has AVX512_BF16, so the bf16 kernels should load: {Bf16Native.Status}");
            return;
        }

        ExperimentConfig.Parse("model:\n  precision: bf16\n", "exp.yaml").Single().Model.Products.Should().Be(Precision.Bf16);
    }

    [Fact]
    public void Parse_Should_FailWithAConfigError_When_Bf16IsUnavailable()
    {
        // Given a machine without the bf16 kernels (simulated)
        using (Bf16Native.SimulateUnavailable())
        {
            // When a config asks for bf16 on line 3
            var act = () => ExperimentConfig.Parse("seed: 1\nmodel:\n  precision: bf16\n", "exp.yaml");

            // Then the error names the file, the line, the key and why (exit code 2 through ConfigException)
            var e = act.Should().Throw<ConfigException>().Which;
            e.Message.Should().Contain("exp.yaml").And.Contain("3").And.Contain("model.precision").And.Contain("bf16 is unavailable");
        }
    }

    [Fact]
    public void Parse_Should_RejectOtherPrecisions_When_NotFp32OrBf16()
    {
        var act = () => ExperimentConfig.Parse("model:\n  precision: fp16\n", "exp.yaml");
        act.Should().Throw<ConfigException>().Which.Message.Should().Contain("model.precision").And.Contain("fp32, bf16");
    }
}

/// <summary>Tests that simulate a machine without the bf16 kernels (a process-wide switch) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PrecisionCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "precision";
}
