using Kosmo.Features.Dataset;
using Kosmo.Models.Abstractions;
using Kosmo.Models.Layers;
using Kosmo.Tensors;
using Kosmo.Tensors.Diagnostics;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Tft;

/// <summary>
/// TFT-Lite: exactly the architecture of shared/reference/tft_lite.py (the encoder half of the Temporal Fusion
/// Transformer) with its PyTorch parameter names, so reference weights load by name. Initialisation follows
/// PyTorch's defaults, drawn from <see cref="TftLiteOptions.Seed"/>.
/// // x: (B, L, K), static categoricals (B, S), static reals (B, R) -> logits (B, C)
/// </summary>
public sealed class TftLite : IReplicable
{
    private readonly LinearLayer[] _realProj;
    private readonly EmbeddingLayer[] _catEmb;
    private readonly LinearLayer[] _staticRealProj;
    private readonly Parameter[] _lstm;
    private readonly Parameter[] _parameters;

    /// <summary>Builds the model with freshly initialised parameters.</summary>
    /// <exception cref="ArgumentException">Invalid options (see <see cref="TftLiteOptions.Validate"/>).</exception>
    public TftLite(TftLiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var rng = new Random(options.Seed);
        int d = options.Hidden, k = options.Reals;
        var p = options.Dropout;
        _realProj = Enumerable.Range(0, k).Select(i => new LinearLayer($"real_proj.{i}", 1, d, rng)).ToArray();
        _catEmb = options.StaticCardinalities.Select((c, i) => new EmbeddingLayer($"cat_emb.{i}", c, d, rng)).ToArray();
        _staticRealProj = Enumerable.Range(0, options.StaticReals).Select(i => new LinearLayer($"static_real_proj.{i}", 1, d, rng)).ToArray();
        StaticVsn = new VariableSelectionNetwork("static_vsn", options.StaticCount, d, 0, p, rng);
        CSel = new GatedResidualNetwork("c_sel", d, d, d, 0, p, rng);
        CEnr = new GatedResidualNetwork("c_enr", d, d, d, 0, p, rng);
        CH = new GatedResidualNetwork("c_h", d, d, d, 0, p, rng);
        CC = new GatedResidualNetwork("c_c", d, d, d, 0, p, rng);
        TemporalVsn = new VariableSelectionNetwork("temporal_vsn", k, d, d, p, rng);
        var bound = 1f / MathF.Sqrt(d);
        _lstm =
        [
            Parameter.CreateUniform("lstm.weight_ih_l0", rng, bound, 4 * d, d),
            Parameter.CreateUniform("lstm.weight_hh_l0", rng, bound, 4 * d, d),
            Parameter.CreateUniform("lstm.bias_ih_l0", rng, bound, 4 * d),
            Parameter.CreateUniform("lstm.bias_hh_l0", rng, bound, 4 * d),
        ];
        Gate1 = new GluLayer("gate1", d, d, rng);
        Norm1 = new LayerNormLayer("norm1", d);
        Enrich = new GatedResidualNetwork("enrich", d, d, d, d, p, rng);
        Attention = new InterpretableMultiHeadAttention("attn", d, options.Heads, p, rng);
        Gate2 = new GluLayer("gate2", d, d, rng);
        Norm2 = new LayerNormLayer("norm2", d);
        Ff = new GatedResidualNetwork("ff", d, d, d, 0, p, rng);
        Gate3 = new GluLayer("gate3", d, d, rng);
        Norm3 = new LayerNormLayer("norm3", d);
        Head = new LinearLayer("head", d, options.Classes, rng);
        _parameters =
        [
            .. _realProj.SelectMany(l => l.Parameters), .. _catEmb.Select(e => e.Weight),
            .. _staticRealProj.SelectMany(l => l.Parameters), .. StaticVsn.Parameters,
            .. CSel.Parameters, .. CEnr.Parameters, .. CH.Parameters, .. CC.Parameters, .. TemporalVsn.Parameters,
            .. _lstm, .. Gate1.Parameters, .. Norm1.Parameters, .. Enrich.Parameters, .. Attention.Parameters,
            .. Gate2.Parameters, .. Norm2.Parameters, .. Ff.Parameters, .. Gate3.Parameters, .. Norm3.Parameters,
            .. Head.Parameters,
        ];
        LastInterpretation = new TftInterpretation(options.Reals, options.StaticCount);
    }

    /// <summary>The configuration.</summary>
    public TftLiteOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.Name;

    /// <inheritdoc />
    public int Classes => Options.Classes;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Static variable selection ("static_vsn").</summary>
    public VariableSelectionNetwork StaticVsn { get; }

    /// <summary>Static context for temporal selection ("c_sel").</summary>
    public GatedResidualNetwork CSel { get; }

    /// <summary>Static context for enrichment ("c_enr").</summary>
    public GatedResidualNetwork CEnr { get; }

    /// <summary>LSTM initial hidden state ("c_h").</summary>
    public GatedResidualNetwork CH { get; }

    /// <summary>LSTM initial cell state ("c_c").</summary>
    public GatedResidualNetwork CC { get; }

    /// <summary>Temporal variable selection ("temporal_vsn").</summary>
    public VariableSelectionNetwork TemporalVsn { get; }

    /// <summary>Gate after the LSTM.</summary>
    public GluLayer Gate1 { get; }

    /// <summary>Norm after the LSTM.</summary>
    public LayerNormLayer Norm1 { get; }

    /// <summary>Static enrichment GRN.</summary>
    public GatedResidualNetwork Enrich { get; }

    /// <summary>Interpretable attention ("attn").</summary>
    public InterpretableMultiHeadAttention Attention { get; }

    /// <summary>Gate after attention.</summary>
    public GluLayer Gate2 { get; }

    /// <summary>Norm after attention.</summary>
    public LayerNormLayer Norm2 { get; }

    /// <summary>Position-wise GRN.</summary>
    public GatedResidualNetwork Ff { get; }

    /// <summary>Final gate (skip to the LSTM block).</summary>
    public GluLayer Gate3 { get; }

    /// <summary>Final norm.</summary>
    public LayerNormLayer Norm3 { get; }

    /// <summary>Classification head D → C.</summary>
    public LinearLayer Head { get; }

    /// <summary>
    /// Attention, temporal and static weights of the most recent forward pass, copied out of the tensors (valid after
    /// an arena scope closes; in a data-parallel training step, replica 0's rows). Feed it to a <see cref="TftInterpretationSummary"/> to aggregate over a test set.
    /// </summary>
    public TftInterpretation LastInterpretation { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The batch's K, S or R differs from the options.</exception>
    public Tensor Forward(WindowBatch batch, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(rng);
        int b = batch.Count, l = batch.Lookback, k = batch.FeatureCount;
        int s = Options.StaticCardinalities.Count, r = Options.StaticReals;
        if (k != Options.Reals || batch.Categorical.Length < batch.BatchSize * s || batch.Reals.Length != batch.BatchSize * r
            || (s > 0 && batch.Categorical.Length != batch.BatchSize * s))
        {
            throw new ArgumentException($"{Name}: batch has K={k}, {batch.Categorical.Length / Math.Max(1, batch.BatchSize)} categoricals, {batch.Reals.Length / Math.Max(1, batch.BatchSize)} reals; the model expects K={Options.Reals}, S={s}, R={r}.", nameof(batch));
        }

        var x = new Tensor(batch.X, b, l, k);
        var cats = s == 0 ? [] : batch.Categorical.AsSpan(0, b * s).ToArray();
        var reals = new Tensor(batch.Reals, b, r);
        return ForwardLastStep(x, cats, reals, training ? rng : null).Logits;
    }

    /// <summary>The full forward pass.</summary>
    /// <param name="x">(B, L, K) time-varying reals.</param>
    /// <param name="categorical">(B, S) row-major category ids.</param>
    /// <param name="reals">(B, R) static reals.</param>
    /// <param name="dropoutRng">Dropout draws (training) or null (evaluation: deterministic).</param>
    /// <param name="captureIntermediates">Also return the named intermediates (for the golden test).</param>
    /// <returns>Logits (B, C), attention, variable weights and optional intermediates.</returns>
    /// <exception cref="ArgumentException">Shapes do not match the options.</exception>
    public TftLiteOutput Forward(Tensor x, int[] categorical, Tensor reals, Random? dropoutRng, bool captureIntermediates = false) =>
        Run(x, categorical, reals, dropoutRng, captureIntermediates, lastStepOnly: false);

    /// <summary>
    /// The forward pass computed only where the logits need it: everything up to the static enrichment (θ) for all L
    /// days, then attention for the forecast query q = L − 1 only (keys and values over all days) and the gates and
    /// position-wise GRN on that day. Without dropout the logits equal <see cref="Forward(Tensor, int[], Tensor, Random?, bool)"/>
    /// up to float rounding, and so do all gradients (the other days never reach the head); with dropout the attention
    /// dropout mask is drawn for the last query row only. About a fifth cheaper at L = 60. Used by the
    /// <see cref="WindowBatch"/> forward (training and prediction).
    /// </summary>
    /// <returns>Logits (B, C), Attention (B, 1, L) = the forecast query's row, variable weights; no intermediates.</returns>
    /// <exception cref="ArgumentException">Shapes do not match the options.</exception>
    public TftLiteOutput ForwardLastStep(Tensor x, int[] categorical, Tensor reals, Random? dropoutRng) =>
        Run(x, categorical, reals, dropoutRng, captureIntermediates: false, lastStepOnly: true);

    private TftLiteOutput Run(Tensor x, int[] categorical, Tensor reals, Random? dropoutRng, bool captureIntermediates, bool lastStepOnly)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(categorical);
        ArgumentNullException.ThrowIfNull(reals);
        if (x.Rank != 3 || x.Dim(2) != Options.Reals)
        {
            throw new ArgumentException($"{Name}: x must be (B, L, {Options.Reals}), got ({string.Join(", ", x.Shape)}).", nameof(x));
        }

        int b = x.Dim(0), l = x.Dim(1), k = x.Dim(2), d = Options.Hidden, s = _catEmb.Length, r = _staticRealProj.Length;
        if (categorical.Length != b * s || reals.Size != b * r)
        {
            throw new ArgumentException($"{Name}: expected {b * s} category ids and {b * r} static reals for B={b}, got {categorical.Length} and {reals.Size}.");
        }

        var mid = new Dictionary<string, Tensor>();
        OpProfiler.Section("static");

        // Static covariate encoders: n = S + R variables, variable-major (n, B, D).
        var statics = new List<Tensor>(s + r);
        for (var i = 0; i < s; i++)
        {
            var ids = new int[b];
            for (var n = 0; n < b; n++)
            {
                ids[n] = categorical[(n * s) + i];
            }

            statics.Add(_catEmb[i].Forward(ids));
        }

        for (var i = 0; i < r; i++)
        {
            statics.Add(_staticRealProj[i].Forward(Ops.Slice(Ops.Reshape(reals, b, r), 1, i, 1)));
        }

        var staticInputs = Ops.Stack(statics, 0);                                     // (n, B, D)
        var (e, staticW) = StaticVsn.Forward(staticInputs, [b], null, dropoutRng);   // (B, D), (B, n)
        var cSel = CSel.Forward(e, null, dropoutRng);
        var cEnr = CEnr.Forward(e, null, dropoutRng);
        var cH = CH.Forward(e, null, dropoutRng);
        var cC = CC.Forward(e, null, dropoutRng);

        OpProfiler.Section("temporal_vsn");
        // Temporal inputs: K per-variable Linear(1 → D), never materialised as (B, L, K·D); see ForwardProjected.
        var w = Ops.Reshape(Ops.Stack(_realProj.Select(p => (Tensor)p.Weight).ToList(), 0), k, d);
        var bias = Ops.Stack(_realProj.Select(p => (Tensor)p.Bias!).ToList(), 0);
        var (vsnOut, temporalW) = TemporalVsn.ForwardProjected(x, w, bias, cSel, dropoutRng); // (B, L, D), (B, L, K)
        if (captureIntermediates)
        {
            var xt = Ops.Reshape(Ops.Transpose(Ops.Reshape(x, b * l, k), 0, 1), k, b * l, 1);
            mid["temporal_inputs"] = Ops.Add(Ops.Mul(xt, Ops.Reshape(w, k, 1, d)), Ops.Reshape(bias, k, 1, d)); // (K, B·L, D)
        }

        OpProfiler.Section("lstm");
        var lstmBias = Ops.Add(_lstm[2], _lstm[3]);
        var lstmOut = Ops.Lstm(vsnOut, cH, cC, _lstm[0], _lstm[1], lstmBias);       // (B, L, D)
        OpProfiler.Section("gate1");
        var phi = Gate1.ForwardAddNorm(lstmOut, vsnOut, Norm1);
        OpProfiler.Section("enrich");
        var theta = Enrich.Forward(phi, cEnr, dropoutRng);
        OpProfiler.Section("attention");
        if (lastStepOnly)
        {
            var (lastAttn, lastWeights) = Attention.ForwardLast(theta, dropoutRng);             // (B, 1, D), (B, 1, L)
            OpProfiler.Section("gate2");
            var lastDelta = Gate2.ForwardAddNorm(lastAttn, Ops.Slice(theta, 1, l - 1, 1), Norm2);
            OpProfiler.Section("ff");
            var lastFf = Ff.Forward(lastDelta, null, dropoutRng);
            OpProfiler.Section("gate3_head");
            var lastPsi = Gate3.ForwardAddNorm(lastFf, Ops.Slice(phi, 1, l - 1, 1), Norm3);
            var lastLogits = Head.Forward(Ops.Reshape(lastPsi, b, d));
            if (Replicas.Index == 0)
            {
                LastInterpretation.CopyFrom(lastWeights, temporalW, staticW);
            }

            return new TftLiteOutput(lastLogits, lastWeights, temporalW, staticW, mid);
        }

        var (attnOut, attention) = Attention.Forward(theta, dropoutRng);
        OpProfiler.Section("gate2");
        var delta = Gate2.ForwardAddNorm(attnOut, theta, Norm2);
        OpProfiler.Section("ff");
        var ffOut = Ff.Forward(delta, null, dropoutRng);
        OpProfiler.Section("gate3_head");
        var psi = Gate3.ForwardAddNorm(ffOut, phi, Norm3);
        var last = Ops.Reshape(Ops.Slice(psi, 1, l - 1, 1), b, d);
        var logits = Head.Forward(last);
        if (captureIntermediates)
        {
            mid["static_inputs"] = staticInputs;
            mid["static_context"] = e;
            mid["c_sel"] = cSel;
            mid["c_enr"] = cEnr;
            mid["c_h"] = cH;
            mid["c_c"] = cC;
            mid["vsn_out"] = vsnOut;
            mid["lstm_out"] = lstmOut;
            mid["phi"] = phi;
            mid["theta"] = theta;
            mid["attn_out"] = attnOut;
            mid["delta"] = delta;
            mid["ff_out"] = ffOut;
            mid["psi"] = psi;
        }

        if (Replicas.Index == 0)
        {
            LastInterpretation.CopyFrom(attention, temporalW, staticW);
        }

        return new TftLiteOutput(logits, attention, temporalW, staticW, mid);
    }
}
