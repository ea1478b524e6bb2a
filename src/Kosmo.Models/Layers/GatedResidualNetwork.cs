using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Models.Layers;

/// <summary>
/// Gated residual network of the reference: GRN(a, c) = LayerNorm(skip(a) + GLU(dropout(W1·ELU(W2·a + W3·c + b2) + b1))),
/// skip = identity when In == Out, else Linear. Parameter names follow PyTorch: "{name}.skip", "{name}.fc2",
/// "{name}.ctx" (no bias), "{name}.fc1", "{name}.glu.fc", "{name}.norm".
/// // a: (..., In), c: (B, C) with a: (B, In) or (B, L, In) (context broadcast over L) -> (..., Out)
/// </summary>
public sealed class GatedResidualNetwork
{
    private readonly float _dropout;

    /// <summary>Creates the network.</summary>
    /// <param name="name">Parameter prefix, e.g. "static_vsn.weights_grn".</param>
    /// <param name="inFeatures">In.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="outFeatures">Out.</param>
    /// <param name="context">Context size, or 0 for none.</param>
    /// <param name="dropout">Dropout probability before the GLU (training only).</param>
    /// <param name="rng">Initialisation draws.</param>
    public GatedResidualNetwork(string name, int inFeatures, int hidden, int outFeatures, int context, float dropout, Random rng)
    {
        Skip = inFeatures != outFeatures ? new LinearLayer(name + ".skip", inFeatures, outFeatures, rng) : null;
        Fc2 = new LinearLayer(name + ".fc2", inFeatures, hidden, rng);
        Ctx = context > 0 ? new LinearLayer(name + ".ctx", context, hidden, rng, bias: false) : null;
        Fc1 = new LinearLayer(name + ".fc1", hidden, hidden, rng);
        Glu = new GluLayer(name + ".glu", hidden, outFeatures, rng);
        Norm = new LayerNormLayer(name + ".norm", outFeatures);
        _dropout = dropout;
    }

    /// <summary>Skip projection, null when In == Out.</summary>
    public LinearLayer? Skip { get; }

    /// <summary>W2, b2.</summary>
    public LinearLayer Fc2 { get; }

    /// <summary>W3 (no bias), null without a context.</summary>
    public LinearLayer? Ctx { get; }

    /// <summary>W1, b1.</summary>
    public LinearLayer Fc1 { get; }

    /// <summary>The gate.</summary>
    public GluLayer Glu { get; }

    /// <summary>The output norm.</summary>
    public LayerNormLayer Norm { get; }

    /// <summary>Parameters in PyTorch named_parameters order.</summary>
    public IEnumerable<Parameter> Parameters =>
        (Skip?.Parameters ?? []).Concat(Fc2.Parameters).Concat(Ctx?.Parameters ?? []).Concat(Fc1.Parameters)
            .Concat(Glu.Parameters).Concat(Norm.Parameters);

    /// <summary>Applies the network. Dropout is applied only when <paramref name="dropoutRng"/> is given.</summary>
    /// <param name="a">(..., In).</param>
    /// <param name="c">Context (B, C) or null; for a (B, L, In) it is broadcast over L.</param>
    /// <param name="dropoutRng">Dropout draws (training) or null (evaluation).</param>
    /// <returns>(..., Out).</returns>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public Tensor Forward(Tensor a, Tensor? c = null, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        return ForwardPrecomputed(Fc2.Forward(a), Skip is null ? a : Skip.Forward(a), c, dropoutRng);
    }

    /// <summary>
    /// The network from fc2(a) and skip(a) computed by the caller (e.g. algebraically cheaper when a is a stack of
    /// linear projections of scalars): LayerNorm(skipA + GLU(dropout(W1·ELU(fc2A + W3·c) + b1))).
    /// // fc2A: (..., Hidden), skipA: (..., Out), c: (B, C) -> (..., Out)
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public Tensor ForwardPrecomputed(Tensor fc2A, Tensor skipA, Tensor? c = null, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(fc2A);
        ArgumentNullException.ThrowIfNull(skipA);
        var hidden = Fc1.Weight.Dim(0);
        var withContext = Ctx is not null && c is not null;
        var contextFits = !withContext || (c!.Rank == 2 && (fc2A.Rank == 2 || fc2A.Rank == 3) && fc2A.Dim(0) == c.Dim(0));
        if (fc2A.Rank >= 2 && fc2A.Dim(-1) == hidden && contextFits && Kernels.FusedGrnHidden.Supported(hidden, Glu.Fc.Weight.Dim(0)))
        {
            // ELU, fc1, dropout and the GLU's projection fused over row tiles, then GLU + residual + norm fused.
            var ctxH = withContext ? Ctx!.Forward(c!) : null;
            var perSample = withContext && fc2A.Rank == 3 ? fc2A.Dim(1) : 1;
            var g = Kernels.FusedGrnHidden.Forward(fc2A, ctxH, perSample, Fc1.Weight, Fc1.Bias!, Glu.Fc.Weight, Glu.Fc.Bias!, _dropout, dropoutRng);
            return Glu.AddNorm(g, skipA, Norm);
        }

        return ForwardUnfused(fc2A, skipA, c, dropoutRng);
    }

    /// <summary>
    /// <see cref="ForwardPrecomputed"/> as a composition of separate ops (the reference for the fused hidden path; used
    /// where that path does not serve the sizes). Its dropout mask comes from <see cref="Ops.Dropout"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes do not agree.</exception>
    public Tensor ForwardUnfused(Tensor fc2A, Tensor skipA, Tensor? c = null, Random? dropoutRng = null)
    {
        ArgumentNullException.ThrowIfNull(fc2A);
        ArgumentNullException.ThrowIfNull(skipA);
        var h = fc2A;
        if (Ctx is not null && c is not null)
        {
            var ch = Ctx.Forward(c);
            if (fc2A.Rank == 3 && c.Rank == 2)
            {
                ch = Ops.Reshape(ch, ch.Dim(0), 1, ch.Dim(1));
            }

            h = Ops.Add(h, ch);
        }

        h = Fc1.Forward(Ops.Elu(h));
        if (dropoutRng is not null && _dropout > 0f)
        {
            h = Ops.Dropout(h, _dropout, dropoutRng);
        }

        return Glu.ForwardAddNorm(h, skipA, Norm);
    }
}
