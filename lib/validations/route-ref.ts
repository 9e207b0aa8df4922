import { z } from 'zod'
import { requiredNumber } from './number-field'

export const k8sName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'not a valid Kubernetes name')

export const clusterName = z.string().min(1).max(63)

export const shiftToStableSchema = z
  .object({
    cluster: clusterName,
    namespace: k8sName,
    name: k8sName,
    ruleIndex: requiredNumber(z.number().int().min(0).max(15), 'Required.', { numbersOnly: true }),
    /**
     * The backend the user confirmed as stable: the shift is refused if the stable label moved
     * since. Not the resourceVersion — the result (all to stable) does not depend on the weights.
     */
    stable: k8sName,
  })
  .strict()
export type ShiftToStableInput = z.infer<typeof shiftToStableSchema>
