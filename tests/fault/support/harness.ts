// The fault stack, replicas and proxy are shared with bench/load-fault.ts.
export * from '@/bench/support/stack'
