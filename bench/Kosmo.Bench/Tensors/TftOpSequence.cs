using Kosmo.Tensors;

namespace Kosmo.Bench.Tensors;

/// <summary>
/// The op sequence of one TFT-Lite forward pass (shared/reference/tft_lite.py) written directly on Kosmo.Tensors ops,
/// with the same parameter shapes and dropout 0.1, to time the engine before the real model exists.
/// // xReal: (B, L, K), sCat: 2 ids per sample (cardinalities 3, 10), sReal: (B, 2) -> logits (B, 3)
/// </summary>
internal sealed class TftOpSequence
{
    private readonly int _d;
    private readonly int _heads;
    private readonly Random _init;
    private readonly List<Parameter> _params = [];
    private readonly Dictionary<string, Parameter> _byName = [];

    public TftOpSequence(int k, int d, int heads, int seed)
    {
        _d = d;
        _heads = heads;
        _init = new Random(seed);
        K = k;
    }

    public int K { get; }

    public IReadOnlyList<Parameter> Parameters => _params;

    public Random Dropout { get; set; } = new(1);

    public bool Training { get; set; } = true;

    public Tensor Forward(Tensor xReal, int[] cat0, int[] cat1, Tensor sReal)
    {
        int b = xReal.Dim(0), l = xReal.Dim(1), d = _d;
        // Static variables: 2 embeddings + 2 real projections -> (B, 4, D) -> static VSN -> e (B, D)
        var statics = new List<Tensor>
        {
            Ops.Embedding(P("emb0", 3, d), cat0),
            Ops.Embedding(P("emb1", 10, d), cat1),
        };
        for (var i = 0; i < 2; i++)
        {
            statics.Add(Ops.Linear(Ops.Slice(sReal, 1, i, 1), P($"sreal{i}.w", d, 1), P($"sreal{i}.b", d)));
        }

        var e = Vsn("svsn", statics, null);
        Tensor cSel = Grn("c_sel", e, d, d, null), cEnr = Grn("c_enr", e, d, d, null);
        Tensor cH = Grn("c_h", e, d, d, null), cC = Grn("c_c", e, d, d, null);

        // Temporal variables: K projections 1 -> D, stacked (B, L, K, D) -> temporal VSN with context c_sel
        var projected = new List<Tensor>(K);
        for (var i = 0; i < K; i++)
        {
            projected.Add(Ops.Linear(Ops.Slice(xReal, 2, i, 1), P($"real{i}.w", d, 1), P($"real{i}.b", d)));
        }

        var x = Vsn("tvsn", projected, Ops.Reshape(cSel, b, 1, d));
        var h = Ops.Lstm(x, cH, cC, P("lstm.w_ih", 4 * d, d), P("lstm.w_hh", 4 * d, d), P("lstm.b", 4 * d));
        var phi = AddNorm("norm1", x, Glu("gate1", h, d));
        var theta = Grn("enrich", phi, d, d, Ops.Reshape(cEnr, b, 1, d));
        var a = Attention(theta, l);
        var delta = AddNorm("norm2", theta, Glu("gate2", a, d));
        var psi = AddNorm("norm3", phi, Glu("gate3", Grn("ff", delta, d, d, null), d));
        var last = Ops.Reshape(Ops.Slice(psi, 1, l - 1, 1), b, d);
        return Ops.Linear(last, P("head.w", 3, d), P("head.b", 3));
    }

    private Tensor Attention(Tensor x, int l)
    {
        int d = _d, dk = d / _heads, b = x.Dim(0);
        var v = Ops.Linear(x, P("attn.v.w", dk, d), P("attn.v.b", dk));
        var mask = Ops.CausalMask(l);
        Tensor? sum = null;
        for (var hd = 0; hd < _heads; hd++)
        {
            var q = Ops.Linear(x, P($"attn.q{hd}.w", dk, d), P($"attn.q{hd}.b", dk));
            var k = Ops.Linear(x, P($"attn.k{hd}.w", dk, d), P($"attn.k{hd}.b", dk));
            var s = Ops.Scale(Ops.BatchMatMul(q, k, transB: true), 1f / MathF.Sqrt(dk));
            var att = Drop(Ops.Softmax(s, mask));
            var head = Ops.BatchMatMul(att, v);
            sum = sum is null ? head : Ops.Add(sum, head);
        }

        _ = b;
        return Ops.Linear(Ops.Scale(sum!, 1f / _heads), P("attn.out.w", d, dk), P("attn.out.b", d));
    }

    private Tensor Vsn(string name, List<Tensor> xs, Tensor? c)
    {
        // xs: n tensors (..., d); weights from a GRN over their concatenation, combined by the fused WeightedSum.
        var n = xs.Count;
        var flat = Ops.Concat(xs, -1);
        var w = Ops.Softmax(Grn(name + ".w", flat, n * _d, n, c));
        var processed = new List<Tensor>(n);
        for (var i = 0; i < n; i++)
        {
            processed.Add(Grn($"{name}.v{i}", xs[i], _d, _d, null));
        }

        return Ops.WeightedSum(processed, w);
    }

    private Tensor Grn(string name, Tensor a, int dIn, int dOut, Tensor? c)
    {
        var d = _d;
        var h = Ops.Linear(a, P(name + ".fc2.w", d, dIn), P(name + ".fc2.b", d));
        if (c is not null)
        {
            h = Ops.Add(h, Ops.Linear(c, P(name + ".ctx.w", d, c.Dim(-1)), null));
        }

        h = Ops.Linear(Ops.Elu(h), P(name + ".fc1.w", d, d), P(name + ".fc1.b", d));
        var skip = dIn == dOut ? a : Ops.Linear(a, P(name + ".skip.w", dOut, dIn), P(name + ".skip.b", dOut));
        return AddNorm(name + ".norm", skip, Glu(name + ".glu", Drop(h), dOut));
    }

    private Tensor Glu(string name, Tensor x, int dOut) =>
        Ops.Glu(Ops.Linear(x, P(name + ".w", 2 * dOut, x.Dim(-1)), P(name + ".b", 2 * dOut)));

    private Tensor AddNorm(string name, Tensor a, Tensor b)
    {
        var dd = a.Dim(-1);
        return Ops.LayerNorm(Ops.Add(a, b), P(name + ".g", dd, init: 1f), P(name + ".b", dd, init: 0f));
    }

    private Tensor Drop(Tensor x) => Training ? Ops.Dropout(x, 0.1f, Dropout) : x;

    private Parameter P(string name, params int[] shape) => P(name, shape, null);

    private Parameter P(string name, int size, float init) => P(name, [size], init);

    private Parameter P(string name, int[] shape, float? init)
    {
        if (_byName.TryGetValue(name, out var p))
        {
            return p;
        }

        var fanIn = shape.Length > 1 ? shape[^1] : shape[0];
        p = init is { } v
            ? new Parameter(name, Enumerable.Repeat(v, shape[0]).ToArray(), shape)
            : Parameter.CreateUniform(name, _init, 1f / MathF.Sqrt(fanIn), shape);
        _params.Add(p);
        _byName[name] = p;
        return p;
    }
}
