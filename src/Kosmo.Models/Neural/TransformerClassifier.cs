using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Neural;

/// <summary>
/// A plain Transformer encoder classifier: input projection K → D, sinusoidal or learned positions, dropout,
/// N pre-LN blocks of causal multi-head self-attention + GELU feed-forward (<see cref="TransformerBlock"/>), a final
/// LayerNorm, last-position or mean pooling, concatenation with the static embeddings and a linear head to C logits.
/// // x: (B, L, K) → (B, L, D) → (B, D) ⊕ statics → (B, C)
/// </summary>
public sealed class TransformerClassifier : IReplicable
{
    private readonly TransformerOptions _options;
    private readonly StaticEncoder _statics;
    private readonly LinearLayer _input;
    private readonly Parameter? _learned;
    private readonly TransformerBlock[] _blocks;
    private readonly Parameter _lnGamma;
    private readonly Parameter _lnBeta;
    private readonly LinearLayer _head;
    private readonly Parameter[] _parameters;
    private readonly Dictionary<int, (Tensor Positions, bool[] Mask)> _byLength = [];

    /// <summary>Creates the model with parameters "transformer.*".</summary>
    /// <exception cref="ArgumentException">Non-positive sizes, D not divisible by the heads, or dropout outside [0, 1).</exception>
    public TransformerClassifier(TransformerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Features < 1 || options.ModelDim < 2 || options.Layers < 1 || options.FeedForwardDim < 1 || options.Classes < 2
            || options.MaxLength < 1 || options.Dropout is < 0 or >= 1 || options.Heads < 1 || options.ModelDim % options.Heads != 0)
        {
            throw new ArgumentException($"Transformer options out of range: {options}.", nameof(options));
        }

        _options = options;
        var rng = new Random(options.Seed);
        var d = options.ModelDim;
        _statics = new StaticEncoder("transformer.static", options.Statics ?? StaticInputSpec.None, rng);
        _input = new LinearLayer("transformer.input", options.Features, d, rng);
        _learned = options.Positions == PositionEncoding.Learned ? Parameter.CreateNormal("transformer.positions", rng, 0.02f, options.MaxLength, d) : null;
        _blocks = Enumerable.Range(0, options.Layers)
            .Select(i => new TransformerBlock($"transformer.block{i}", d, options.Heads, options.FeedForwardDim, options.Dropout, rng)).ToArray();
        _lnGamma = new Parameter("transformer.ln.gamma", Enumerable.Repeat(1f, d).ToArray(), d);
        _lnBeta = Parameter.CreateZeros("transformer.ln.beta", d);
        _head = new LinearLayer("transformer.head", d + _statics.Width, options.Classes, rng);
        _parameters = [.. _statics.Parameters, .. _input.Parameters, .. (_learned is null ? [] : new[] { _learned }),
            .. _blocks.SelectMany(blk => blk.Parameters), _lnGamma, _lnBeta, .. _head.Parameters];
    }

    /// <summary>The configuration (read by the ONNX exporter).</summary>
    internal TransformerOptions Options => _options;

    /// <inheritdoc />
    public string Name => "transformer";

    /// <inheritdoc />
    public int Classes => _options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Feature count differs, or L exceeds MaxLength with learned positions.</exception>
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(rng);
        int n = batch.Count, l = batch.Lookback, k = batch.FeatureCount, d = _options.ModelDim;
        if (k != _options.Features)
        {
            throw new ArgumentException($"The batch has {k} features, the Transformer was built for {_options.Features}.", nameof(batch));
        }

        if (_learned is not null && l > _options.MaxLength)
        {
            throw new ArgumentException($"Window length {l} exceeds the learned positions' MaxLength {_options.MaxLength}.", nameof(batch));
        }

        var (sinusoids, mask) = ForLength(l);
        var h = _input.Forward(new Tensor(batch.X, n, l, k));                         // (B, L, D)
        h = Ops.Add(h, _learned is null ? sinusoids : Ops.Slice(_learned, 0, 0, l));
        if (training)
        {
            h = Ops.Dropout(h, _options.Dropout, rng);
        }

        // With a last-position readout the final block computes step L−1 alone (its other rows would be discarded).
        var last = _options.Pooling == SequencePooling.Last;
        for (var i = 0; i < _blocks.Length; i++)
        {
            h = last && i == _blocks.Length - 1 ? _blocks[i].ForwardLast(h, training, rng) : _blocks[i].Forward(h, mask, training, rng);
        }

        h = Ops.LayerNorm(h, _lnGamma, _lnBeta);
        h = last ? Ops.Reshape(h, n, d) : Ops.Mean(h, 1);
        var statics = _statics.Forward(batch);
        if (statics is not null)
        {
            h = Ops.Concat([h, statics], 1);
        }

        return _head.Forward(h);
    }

    private (Tensor Positions, bool[] Mask) ForLength(int l)
    {
        lock (_byLength)
        {
            return ForLengthLocked(l);
        }
    }

    // Called under the cache's lock (data-parallel replicas call ForLength at once).
    private (Tensor Positions, bool[] Mask) ForLengthLocked(int l)
    {
        if (!_byLength.TryGetValue(l, out var entry))
        {
            var d = _options.ModelDim;
            _byLength[l] = entry = (new Tensor(SinusoidalPositions(l, d), l, d), Ops.CausalMask(l));
        }

        return entry;
    }

    /// <summary>
    /// The fixed sinusoidal position table (Vaswani et al.): sin on even columns, cos on odd ones, angle
    /// p / 10000^(i/D). Also the ONNX export's table. // -> (L, D) row-major
    /// </summary>
    internal static float[] SinusoidalPositions(int l, int d)
    {
        var pe = new float[l * d];
        for (var p = 0; p < l; p++)
        {
            for (var i = 0; i < d; i += 2)
            {
                var angle = p / Math.Pow(10000, (double)i / d);
                pe[(p * d) + i] = (float)Math.Sin(angle);
                if (i + 1 < d)
                {
                    pe[(p * d) + i + 1] = (float)Math.Cos(angle);
                }
            }
        }

        return pe;
    }
}
