using Kosmo.Models.Neural;
using Kosmo.Models.Training;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Training;

public sealed class PredictorTests
{
    private static readonly GbmTrainingData Data = GbmTrainingData.Instance;

    [Fact]
    public void Predict_Should_MatchTheModelsSoftmax_When_RunInBatches()
    {
        // Given an untrained LSTM and the validation set (several batches)
        var model = new LstmClassifier(new LstmClassifierOptions(Data.Features, Hidden: 8, Seed: 3));
        var validation = Data.Validation();

        // When predicted
        var set = Predictor.Predict(model, validation);

        // Then one row per sample, in the dataset's order, each row equal to softmax(logits) of a direct forward pass
        set.Count.Should().Be(validation.Count);
        var batch = validation.CreateBatch();
        validation.Fill(Enumerable.Range(0, validation.Count).ToArray(), 1, batch);
        float[] direct;
        using (NoGrad.Scope())
        {
            direct = Ops.Softmax(model.Forward(batch, false, new Random(0))).ToArray();
        }

        set.Probabilities.AsSpan(256 * 3, batch.Count * 3).ToArray().Should().Equal(direct);
        (set.DateIndex[256], set.CodeIndex[256]).Should().Be(validation.Sample(256));
        Enumerable.Range(0, set.Count).Should().OnlyContain(i => Math.Abs(set.Probability(i, 0) + set.Probability(i, 1) + set.Probability(i, 2) - 1) < 1e-5);
    }

    [Fact]
    public void ToRecords_Should_GiveOneSortedRowPerSample_When_ThreeClasses()
    {
        // Given predictions of the validation set
        var set = Predictor.Predict(new MlpClassifier(new MlpOptions(Data.Features, Seed: 1)), Data.Validation());

        // When turned into predictions.csv rows
        var rows = set.ToRecords("mlp", Data.Cube.Dates, Data.Cube.Codes);

        // Then each sample appears once, sorted by (date, code), with its probabilities
        rows.Should().HaveCount(set.Count);
        rows.Select(r => (r.Date, r.Code)).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder(Comparer<(DateOnly, string)>.Create((a, b) =>
            a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : string.CompareOrdinal(a.Item2, b.Item2)));
        var first = Enumerable.Range(0, set.Count).First(i => Data.Cube.Dates[set.DateIndex[i]] == rows[0].Date && Data.Cube.Codes[set.CodeIndex[i]] == rows[0].Code);
        rows[0].PUp.Should().Be(set.Probability(first, 2));
        rows.Should().OnlyContain(r => r.Model == "mlp");
    }
}
