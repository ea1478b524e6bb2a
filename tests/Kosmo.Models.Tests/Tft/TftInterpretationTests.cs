using Kosmo.Models.Tft;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Tft;

/// <summary>Interpretation snapshots, test-set aggregators and the run-folder writers.</summary>
public sealed class TftInterpretationTests
{
    [Fact]
    public void Summary_Should_AverageAttentionByLagAndVariableWeights_When_HandMadeBatch()
    {
        // Given B=2, L=3 attention (rows causal, stochastic), K=2 temporal and n=2 static weights
        float[] att =
        [
            1, 0, 0, .5f, .5f, 0, .2f, .3f, .5f,
            1, 0, 0, .4f, .6f, 0, .0f, .6f, .4f,
        ];
        float[] temporal = [.5f, .5f, .5f, .5f, .5f, .5f, .1f, .9f, .1f, .9f, .1f, .9f];
        float[] statics = [.25f, .75f, .75f, .25f];
        var interp = new TftInterpretation(2, 2);
        interp.CopyFrom(new Tensor(att, 2, 3, 3), new Tensor(temporal, 2, 3, 2), new Tensor(statics, 2, 2));
        var summary = new TftInterpretationSummary(2, 2);

        // When added
        summary.Add(interp);

        // Then lag λ from the last query row: mean of a[q=2, 2−λ]: λ0 (.5+.4)/2, λ1 (.3+.6)/2, λ2 (.2+0)/2
        summary.AttentionByLag().Should().BeEquivalentTo([0.45, 0.45, 0.1], o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6)).WhenTypeIs<double>());
        // all rows, λ0: mean over 6 diagonals (1,.5,.5,1,.6,.4) = 4/6; λ1: (.5,.3,.4,.6)/4 = .45; λ2: (.2, 0)/2
        summary.AttentionByLag(lastRowOnly: false).Should().BeEquivalentTo([4.0 / 6, 0.45, 0.1], o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6)).WhenTypeIs<double>());
        summary.TemporalImportance().Should().BeEquivalentTo([0.3, 0.7], o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6)).WhenTypeIs<double>());
        summary.StaticImportance().Should().BeEquivalentTo([0.5, 0.5], o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-6)).WhenTypeIs<double>());
    }

    [Fact]
    public void LastInterpretation_Should_HoldTheForwardPassWeights_When_ModelRuns()
    {
        // Given a small model and a batch
        var model = new TftLite(new TftLiteOptions(3, [3], 1, Hidden: 8, Heads: 2, Seed: 1));
        var rng = new Random(2);
        var x = Tensor.Randn(rng, 1f, 2, 4, 3);

        // When running without gradients
        using (NoGrad.Scope())
        {
            model.Forward(x, [0, 2], Tensor.Randn(rng, 1f, 2, 1), null);
        }

        // Then attention is causal and row-stochastic; variable weights sum to one
        var i = model.LastInterpretation;
        i.Batch.Should().Be(2);
        i.Lookback.Should().Be(4);
        var a = i.Attention.ToArray();
        for (var r = 0; r < 8; r++)
        {
            a.AsSpan(r * 4, 4).ToArray().Sum().Should().BeApproximately(1f, 1e-5f);
            for (var kk = (r % 4) + 1; kk < 4; kk++)
            {
                a[(r * 4) + kk].Should().Be(0f);
            }
        }

        i.TemporalWeights.ToArray().Chunk(3).Should().OnlyContain(c => Math.Abs(c.Sum() - 1f) < 1e-5f);
        i.StaticWeights.ToArray().Chunk(2).Should().OnlyContain(c => Math.Abs(c.Sum() - 1f) < 1e-5f);
    }

    [Fact]
    public void Writers_Should_WriteRunFolderCsvAndKeepOtherModels_When_CalledPerModel()
    {
        // Given a run folder with another model's rows
        var dir = Directory.CreateTempSubdirectory("tftcsv").FullName;
        var att = Path.Combine(dir, "attention.csv");
        var imp = Path.Combine(dir, "variable_importance.csv");
        TftInterpretationCsv.WriteAttention(att, "other", [1.0]);
        TftInterpretationCsv.WriteAttention(att, "tft_lite", [0.2]);

        // When the model's rows are written twice (second replaces the first)
        TftInterpretationCsv.WriteAttention(att, "tft_lite", [0.5, 0.25, 0.25]);
        TftInterpretationCsv.WriteVariableImportance(imp, "tft_lite", ["ret_20", "vol_20"], [0.75, 0.25], ["market", "size"], [0.5, 0.5]);

        // Then the files have the contract headers and rows
        File.ReadAllText(att).Should().Be("model,lag,weight\nother,0,1\ntft_lite,0,0.5\ntft_lite,1,0.25\ntft_lite,2,0.25\n");
        File.ReadAllText(imp).Should().Be("model,kind,variable,weight\ntft_lite,temporal,ret_20,0.75\ntft_lite,temporal,vol_20,0.25\ntft_lite,static,market,0.5\ntft_lite,static,size,0.5\n");
        var bad = () => TftInterpretationCsv.WriteVariableImportance(imp, "tft_lite", ["a,b"], [1.0], [], []);
        bad.Should().Throw<ArgumentException>();
        Directory.Delete(dir, true);
    }
}
