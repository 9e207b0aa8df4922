'use client'
import { useState } from 'react'

export function ThemeToggle({ initial }: { initial: 'light' | 'dark' }) {
  const [theme, setTheme] = useState(initial)
  return (
    <button
      type="button"
      className="btn"
      aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} mode`}
      onClick={() => {
        const next = theme === 'dark' ? 'light' : 'dark'
        document.documentElement.dataset.theme = next
        document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`
        setTheme(next)
      }}
    >
      {theme === 'dark' ? 'Light mode' : 'Dark mode'}
    </button>
  )
}
