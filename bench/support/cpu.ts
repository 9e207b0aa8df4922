/**
 * Where the machine's CPU went during a bench window: CPU seconds per process group (the console
 * replicas by process group, the bench process with its proxy, and the stack's servers by command
 * name), from /proc. Two cores run everything here, so a latency number means little without it.
 */
import { readdirSync, readFileSync } from 'node:fs'

export interface CpuSnapshot {
  at: number
  /** clock ticks (utime + stime) per pid, with the group it belongs to */
  byPid: Map<number, { group: string; ticks: number }>
  /** busy and total ticks of the whole machine (/proc/stat) */
  busy: number
  total: number
  /** ticks the hypervisor gave to other guests while this one wanted to run */
  steal: number
}

const TICK_MS = 10

function machineTicks(): { busy: number; total: number; steal: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = cpu.reduce((a, b) => a + b, 0)
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0) // idle + iowait
  return { busy: total - idle, total, steal: cpu[7] ?? 0 }
}

/** Names a process: a replica by its process group, this process, or the server binary it runs. */
function groupOf(pid: number, pgrp: number, comm: string, replicas: Record<string, number>): string {
  for (const [name, pgid] of Object.entries(replicas)) if (pgrp === pgid) return name
  if (pid === process.pid) return 'bench process (proxy…)'
  let cmd = ''
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    // exited
  }
  if (cmd.includes('--client-process')) return 'bench client processes'
  if (/dev\/sim\//.test(cmd)) return 'traffic simulator'
  for (const bin of [
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'etcd',
    'kwok',
    'prometheus',
  ])
    if (comm.startsWith(bin.slice(0, 15)) || cmd.includes(`/${bin} `)) return bin
  if (comm.startsWith('postgres')) return 'postgres'
  return 'other'
}

export function cpuSnapshot(replicas: Record<string, number>): CpuSnapshot {
  const byPid = new Map<number, { group: string; ticks: number }>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const comm = stat.slice(stat.indexOf('(') + 1, close)
      const f = stat.slice(close + 2).split(' ')
      const pid = Number(d)
      byPid.set(pid, {
        group: groupOf(pid, Number(f[2]), comm, replicas),
        ticks: Number(f[11]) + Number(f[12]),
      })
    } catch {
      // exited while reading
    }
  }
  return { at: Date.now(), byPid, ...machineTicks() }
}

/** CPU seconds per group between two snapshots (processes born in between count from zero). */
export function cpuLines(a: CpuSnapshot, b: CpuSnapshot): string[] {
  const secs = (b.at - a.at) / 1000
  const groups = new Map<string, number>()
  for (const [pid, p] of b.byPid) {
    const before = a.byPid.get(pid)?.ticks ?? 0
    groups.set(p.group, (groups.get(p.group) ?? 0) + ((p.ticks - before) * TICK_MS) / 1000)
  }
  const busyPct = (100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total)
  const stealPct = (100 * (b.steal - a.steal)) / Math.max(1, b.total - a.total)
  const lines = [
    `CPU over ${secs.toFixed(0)} s: machine ${busyPct.toFixed(0)}% busy (steal ${stealPct.toFixed(0)}%); cores used per group:`,
  ]
  for (const [g, s] of [...groups].sort((x, y) => y[1] - x[1]))
    if (s / secs >= 0.005) lines.push(`    ${g.padEnd(24)} ${(s / secs).toFixed(2)} cores`)
  return lines
}
