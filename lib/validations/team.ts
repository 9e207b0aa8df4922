import { z } from 'zod'

/** A team name is a DNS label, because it is also the `aire.dev/team` label value and part of group names. */
export const teamNameSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'lowercase letters, digits and dashes; starts and ends alphanumeric',
  )
