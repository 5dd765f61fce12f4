//! Data parallelism that works on every target: rayon on native, a plain
//! loop in the browser (wasm32 without threads).

/// Maps every item and reduces the results, in parallel where threads exist.
pub fn map_reduce<T, A, M, R, I>(items: &[T], identity: I, map: M, reduce: R) -> A
where
    T: Sync,
    A: Send,
    I: Fn() -> A + Sync + Send,
    M: Fn(&T) -> A + Sync + Send,
    R: Fn(A, A) -> A + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter().map(map).reduce(identity, reduce)
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter().map(map).fold(identity(), reduce)
    }
}

/// Maps every item, keeping the order, in parallel where threads exist.
pub fn map_collect<T, R, M>(items: &[T], map: M) -> Vec<R>
where
    T: Sync,
    R: Send,
    M: Fn(&T) -> R + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter().map(map).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter().map(map).collect()
    }
}

/// Maps every item mutably, keeping the order, in parallel where threads exist.
pub fn map_collect_mut<T, R, M>(items: &mut [T], map: M) -> Vec<R>
where
    T: Send,
    R: Send,
    M: Fn(&mut T) -> R + Sync + Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        items.par_iter_mut().map(map).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter_mut().map(map).collect()
    }
}
