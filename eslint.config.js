import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', '.tap/**', 'coverage/**', 'node_modules/**'] }),
  {
    // Wire fields keep the vendor's spelling (device_id, title_pattern…); see shared/style.md §8.
    rules: { camelcase: 'off' }
  }
]
