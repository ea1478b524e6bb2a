using System.Text.Json.Nodes;
using Kosmo.Core.IO;
using Kosmo.Models.Evaluation;
using Kosmo.Models.RunFolder;

namespace Kosmo.Models.Tests.RunFolder;

public sealed class MetricsJsonUndefinedTests
{
    [Fact]
    public void ToJson_Should_WriteNull_When_ICIsUndefinedBecauseDatesHaveTwoRows()
    {
        // Given a model with two rows per date (a daily correlation needs at least 3)
        var d1 = new DateOnly(2024, 5, 2);
        var d2 = new DateOnly(2024, 5, 3);
        PredictionRecord[] predictions =
        [
            new(d1, "000001", "m", 0.7f, 0.2f, 0.1f), new(d1, "000002", "m", 0.1f, 0.2f, 0.7f),
            new(d2, "000001", "m", 0.2f, 0.6f, 0.2f), new(d2, "000002", "m", 0.1f, 0.1f, 0.8f),
        ];
        var labels = EvaluationSet.IndexLabels(
        [
            new LabelRecord(d1, "000001", 0, -0.08), new LabelRecord(d1, "000002", 2, 0.09),
            new LabelRecord(d2, "000001", 1, 0.0), new LabelRecord(d2, "000002", 0, -0.07),
        ]);

        // When evaluating and converting to JSON
        var e = Evaluator.Evaluate(EvaluationSet.Join("m", predictions, labels), new EvaluationOptions(BlockLength: 1, Replicates: 50));
        var json = MetricsJson.ToJson(e);

        // Then IC, rank IC, ICIR and the rank IC interval are null, while classification metrics are numbers
        json["ic"].Should().BeNull();
        json["rank_ic"].Should().BeNull();
        json["icir"].Should().BeNull();
        json["rank_ic_ci"]!.AsArray().Should().OnlyContain(v => v == null);
        json["accuracy"]!.GetValue<double>().Should().Be(0.75); // argmax right on 3 of 4 rows
        json["n_test"]!.GetValue<int>().Should().Be(4);
        json["confusion"]!.AsArray()[0]!.AsArray().Select(v => v!.GetValue<long>()).Should().Equal(1L, 0L, 1L);
    }
}
