using System.Numerics;

namespace Allot.Core.Apportionment;

/// <summary>
/// Selects the <c>k</c> units that come first in the order (key descending, then tie key ascending, then input
/// position ascending). The selected set is unique because the order is total, so the result never depends on
/// which selection algorithm ran: a bounded heap for small <c>k</c> (O(m log k), no index array) or an
/// introselect over an index array (O(m) expected) otherwise.
/// </summary>
internal static class TopSelection
{
    /// <summary>True when unit <paramref name="a"/> comes before unit <paramref name="b"/>.</summary>
    public static bool Before<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, int a, int b)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        var ka = keys[a];
        var kb = keys[b];
        if (ka != kb)
        {
            return ka > kb;
        }

        return TieOrder.Precedes(tieKeys, a, b);
    }

    /// <summary>Adds 1 to <paramref name="allocation"/> for each of the first <paramref name="k"/> units.</summary>
    public static void AddOneToTop<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, int k, Span<long> allocation)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        var m = keys.Length;
        if (k <= 0)
        {
            return;
        }

        if (k >= m)
        {
            for (var i = 0; i < m; i++)
            {
                allocation[i]++;
            }

            return;
        }

        if (k <= 64 || k <= m / 16)
        {
            HeapSelect(keys, tieKeys, k, allocation);
        }
        else
        {
            QuickSelect(keys, tieKeys, k, allocation);
        }
    }

    private static void HeapSelect<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, int k, Span<long> allocation)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        int[]? rented = null;
        var heap = k <= 256 ? stackalloc int[k] : (rented = System.Buffers.ArrayPool<int>.Shared.Rent(k)).AsSpan(0, k);
        try
        {
            // Min-heap on the order: the root is the worst of the k best seen so far.
            for (var i = 0; i < k; i++)
            {
                heap[i] = i;
                SiftUp(keys, tieKeys, heap, i);
            }

            for (var i = k; i < keys.Length; i++)
            {
                if (Before(keys, tieKeys, i, heap[0]))
                {
                    heap[0] = i;
                    SiftDown(keys, tieKeys, heap, 0, k);
                }
            }

            foreach (var u in heap)
            {
                allocation[u]++;
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private static void SiftUp<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, Span<int> heap, int i)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Before(keys, tieKeys, heap[parent], heap[i]))
            {
                break;
            }

            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    private static void SiftDown<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, Span<int> heap, int i, int n)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        while (true)
        {
            var l = (2 * i) + 1;
            if (l >= n)
            {
                return;
            }

            // The child that comes later in the order is the "smaller" one in this min-heap.
            var worst = l;
            var r = l + 1;
            if (r < n && Before(keys, tieKeys, heap[l], heap[r]))
            {
                worst = r;
            }

            if (!Before(keys, tieKeys, heap[i], heap[worst]))
            {
                return;
            }

            (heap[i], heap[worst]) = (heap[worst], heap[i]);
            i = worst;
        }
    }

    private static void QuickSelect<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, int k, Span<long> allocation)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        var m = keys.Length;
        var rented = System.Buffers.ArrayPool<int>.Shared.Rent(m);
        try
        {
            var idx = rented.AsSpan(0, m);
            for (var i = 0; i < m; i++)
            {
                idx[i] = i;
            }

            int lo = 0, hi = m - 1;
            var budget = 2 * (BitOperations.Log2((uint)m) + 1);
            while (hi > lo)
            {
                if (budget-- == 0)
                {
                    // Adversarial input: finish by sorting what is left (O(n log n) worst case).
                    SortRange(keys, tieKeys, idx[lo..(hi + 1)]);
                    break;
                }

                var p = Partition(keys, tieKeys, idx, lo, hi);
                if (p == k - 1 || p == k)
                {
                    break;
                }

                if (p < k)
                {
                    lo = p + 1;
                }
                else
                {
                    hi = p - 1;
                }
            }

            for (var i = 0; i < k; i++)
            {
                allocation[idx[i]]++;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>Lomuto partition around a median-of-three pivot; returns the pivot's final position.</summary>
    private static int Partition<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, Span<int> idx, int lo, int hi)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        var mid = lo + ((hi - lo) >> 1);
        if (Before(keys, tieKeys, idx[mid], idx[lo]))
        {
            (idx[mid], idx[lo]) = (idx[lo], idx[mid]);
        }

        if (Before(keys, tieKeys, idx[hi], idx[lo]))
        {
            (idx[hi], idx[lo]) = (idx[lo], idx[hi]);
        }

        if (Before(keys, tieKeys, idx[hi], idx[mid]))
        {
            (idx[hi], idx[mid]) = (idx[mid], idx[hi]);
        }

        // median now at mid; move it to hi
        (idx[mid], idx[hi]) = (idx[hi], idx[mid]);
        var pivot = idx[hi];
        var store = lo;
        for (var i = lo; i < hi; i++)
        {
            if (Before(keys, tieKeys, idx[i], pivot))
            {
                (idx[i], idx[store]) = (idx[store], idx[i]);
                store++;
            }
        }

        (idx[store], idx[hi]) = (idx[hi], idx[store]);
        return store;
    }

    /// <summary>Sorts unit indices into the full order (used for audits and the introselect fallback).</summary>
    public static void SortRange<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, Span<int> idx)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        // Heap sort: O(n log n) worst case, in place, no delegate allocation.
        var n = idx.Length;
        for (var i = (n / 2) - 1; i >= 0; i--)
        {
            SiftDownMax(keys, tieKeys, idx, i, n);
        }

        for (var end = n - 1; end > 0; end--)
        {
            (idx[0], idx[end]) = (idx[end], idx[0]);
            SiftDownMax(keys, tieKeys, idx, 0, end);
        }
    }

    // Heap whose root is the unit that comes LAST in the order, so repeated extraction yields order ascending.
    private static void SiftDownMax<TKey>(ReadOnlySpan<TKey> keys, ReadOnlySpan<ulong> tieKeys, Span<int> heap, int i, int n)
        where TKey : IComparisonOperators<TKey, TKey, bool>
    {
        while (true)
        {
            var l = (2 * i) + 1;
            if (l >= n)
            {
                return;
            }

            var last = l;
            var r = l + 1;
            if (r < n && Before(keys, tieKeys, heap[l], heap[r]))
            {
                last = r;
            }

            if (!Before(keys, tieKeys, heap[i], heap[last]))
            {
                return;
            }

            (heap[i], heap[last]) = (heap[last], heap[i]);
            i = last;
        }
    }
}
