using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Zoo;

/// <summary>
/// LSTM + multi-head attention with one expert per market regime. A shared LSTM encodes the window
/// (B, L, K) -> (B, L, H); expert e (a multi-head attention block of the last step over the sequence, residual +
/// LayerNorm, linear head) gives logits (B, C); the experts' logits are mixed by a gate read from the regime
/// probability columns of the <b>last</b> day: g = softmax(log max(p, 1e-6) / T) over the E regimes (T = 1: the
/// normalised probabilities). logits = Σₑ gₑ·logitsₑ. The gate has no parameters (it follows the regime model);
/// gradients flow into the expert that the regime selects.
/// </summary>
public sealed class RegimeExpertClassifier : ISequenceClassifier
{
    private readonly RegimeExpertOptions _options;
    private readonly LstmLayer _lstm;
    private readonly Neural.StaticEncoder _statics;
    private readonly AttentionExpert[] _experts;

    /// <summary>Creates the model with weights drawn from <see cref="RegimeExpertOptions.Seed"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 regime columns or one outside [0, K), Heads not dividing Hidden,
    /// a size below 1, T ≤ 0 or the dropout outside [0, 1).</exception>
    public RegimeExpertClassifier(RegimeExpertOptions options, string name = "regime_experts")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.RegimeColumns);
        if (options.Features < 1 || options.Classes < 2 || options.Hidden < 1 || options.Heads < 1 || options.Hidden % options.Heads != 0
            || options.RegimeColumns.Length < 2 || options.RegimeColumns.Any(c => c < 0 || c >= options.Features)
            || !(options.GateTemperature > 0) || options.Dropout is < 0 or >= 1)
        {
            throw new ArgumentException($"Invalid regime-expert options (K {options.Features}, regime columns [{string.Join(", ", options.RegimeColumns)}], " +
                $"H {options.Hidden}, heads {options.Heads}, T {options.GateTemperature}): need >= 2 columns in [0, K), Heads | Hidden, T > 0.", nameof(options));
        }

        _options = options;
        Name = name;
        var rng = new Random(options.Seed);
        _lstm = new LstmLayer("lstm", options.Features, options.Hidden, rng);
        _statics = new Neural.StaticEncoder("static", options.Statics ?? StaticSpec.None, rng);
        _experts = Enumerable.Range(0, options.RegimeColumns.Length)
            .Select(e => new AttentionExpert($"expert{e}", options.Hidden, options.Heads, _statics.Width, options.Classes, rng)).ToArray();
        Parameters = [.. _lstm.Parameters, .. _statics.Parameters, .. _experts.SelectMany(x => x.Parameters)];
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <summary>Number of experts E (= regime columns).</summary>
    public int Experts => _experts.Length;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The gate of the last forward, (B, E) row-major, each row summing to 1.</summary>
    public float[] LastGate { get; private set; } = [];

    /// <summary>The gate for the valid rows of a batch: softmax(log max(p, 1e-6) / T) of the last day's regime columns. // -> (B, E)</summary>
    public float[] Gate(WindowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.Count, l = batch.Lookback, k = batch.FeatureCount, e = _experts.Length;
        var gate = new float[n * e];
        var logits = new double[e];
        for (var b = 0; b < n; b++)
        {
            var row = ((b * l) + l - 1) * k;
            var max = double.NegativeInfinity;
            for (var j = 0; j < e; j++)
            {
                logits[j] = Math.Log(Math.Max(batch.X[row + _options.RegimeColumns[j]], 1e-6)) / _options.GateTemperature;
                max = Math.Max(max, logits[j]);
            }

            var sum = 0.0;
            for (var j = 0; j < e; j++)
            {
                logits[j] = Math.Exp(logits[j] - max);
                sum += logits[j];
            }

            for (var j = 0; j < e; j++)
            {
                gate[(b * e) + j] = (float)(logits[j] / sum);
            }
        }

        return gate;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch is empty or has another K or other statics.</exception>
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        var x = ZooInputs.Windows(batch, _options.Features);
        var hs = ZooInputs.RunLstm(_lstm, x);                                          // (B, L, H)
        var s = _statics.Forward(batch);
        var logits = _experts.Select(ex => ex.Forward(hs, s, _options.Dropout, training, rng)).ToArray(); // E × (B, C)
        LastGate = Gate(batch);
        return Ops.WeightedSum(logits, new Tensor(LastGate, x.Dim(0), _experts.Length)); // (B, C)
    }

    /// <summary>The logits of expert <paramref name="expert"/> alone (inference mode), for inspection and tests. // -> (B, C)</summary>
    internal Tensor ExpertLogits(WindowBatch batch, int expert)
    {
        using var scope = NoGrad.Scope();
        var hs = ZooInputs.RunLstm(_lstm, ZooInputs.Windows(batch, _options.Features));
        return _experts[expert].Forward(hs, _statics.Forward(batch), 0f, false, new Random(0));
    }
}
