## Observatorio: figures for the programmes (never people), and her word on the services.

## The report. Every figure from 1 to 4 is shown as "<5".
obs-title = Observatorio de Acompaña · { $area } · { $month }
obs-month = { $month ->
    [1] enero
    [2] febrero
    [3] marzo
    [4] abril
    [5] mayo
    [6] junio
    [7] julio
    [8] agosto
    [9] setiembre
    [10] octubre
    [11] noviembre
   *[12] diciembre
  } de { $year }
obs-area-all = todo el país
obs-area-province = provincia de { $province } ({ $region })
obs-area-region = región { $region }
obs-total = Total
obs-more-than = más de { $n }
obs-less-than = menos de { $n }
obs-none-yet = Sin registros en este periodo.
obs-nothing = Todavía no hay cifras para este periodo.
obs-footer = Son cifras anónimas: cuentan lo que pasó, nunca a quién. Toda cifra de 1 a 4 se muestra como «<5».
obs-t-orientation = Orientación: temas consultados
obs-t-selfcheck = Autoevaluación: resultados por nivel
obs-t-emergency = Respuestas de emergencia
obs-t-request = Solicitudes de acompañamiento
obs-t-cases = Casos
obs-closed = Casos cerrados
obs-escalated = Solicitudes que subieron a coordinación
obs-t-first-answer = Tiempo hasta la primera respuesta de una persona del equipo
obs-bucket = { $kind ->
    [le] hasta { $minutes } min
   *[gt] más de { $minutes } min
  }
obs-first-answer-note = Mediana: { $median }. 9 de cada 10: { $p90 }.
obs-t-reflection = Entre patas: espacios de reflexión
obs-t-meetings = Instancias de concertación: reuniones
obs-meetings-held = Reuniones realizadas
obs-t-attendance = Asistencia por institución
obs-t-agreements = Acuerdos
obs-t-feedback = Vigilancia ciudadana: cómo atendieron los servicios
obs-dim-mentora = Mentora (acompañamiento)
obs-dim-psicologa = Psicóloga comunitaria
obs-dim-facilitador = Entre patas (hombres)
obs-dim-registered = Inscripciones
obs-dim-attended = Asistencias
obs-dim-due = Vencían este mes
obs-dim-done = Cumplidos
obs-dim-overdue = Vencidos sin cumplir
obs-dim-danger = Peligro o violencia
obs-dim-command = Botón o /emergencia
obs-dim-sexual = Violencia sexual
obs-dim-others = Peligro para otra persona
obs-dim-help = Pedido de ayuda
obs-dim-suicide = Ideas de suicidio
obs-dim-men_risk = Hombre que teme hacer daño
obs-dim-low = Pocas señales
obs-dim-some = Algunas señales
obs-dim-many = Muchas señales
obs-dim-urgent = Urgente
obs-dim-none = Sin señales
obs-dim-caution = «Ten cuidado»
obs-dim-react = «Reacciona»
obs-csv-table = tabla
obs-csv-label = concepto
obs-csv-value = cifra
obs-pdf-caption = El informe en PDF, con sus gráficos y tablas.
obs-csv-caption = Las cifras en CSV, para hoja de cálculo («<5» donde hay de 1 a 4).
obs-pdf-method =
    Cómo se cuenta: cada cifra se suma en el momento en que pasa, sin guardar quién fue; por eso sigue contando aunque la persona borre sus datos.
    Toda cifra de 1 a 4 se muestra como «<5». Un total que incluye una cifra oculta se muestra como «más de N», donde N es la suma de las cifras visibles, para que nadie pueda deducir la oculta.
obs-not-staff = El observatorio es para coordinadoras, secretarías técnicas de instancias y administración. Si trabajas en el programa, pide tu código a la coordinación.
obs-bad-month = No entendí el mes. Escríbelo así: /observatorio 2026-11 (o solo /observatorio para el mes pasado).
obs-month-not-over = Ese mes todavía no termina. El informe se hace con meses completos, para que las cifras no cambien de una consulta a otra y nadie pueda deducir quién usó el bot. Pide el mes pasado: /observatorio
obs-choose-area = ¿De qué zona quieres el informe?
obs-preparing = Preparo el informe de { $area }, { $month }. Te llega en unos segundos: un resumen, gráficos, un PDF y un CSV.
obs-problems = Vigilancia ciudadana, { $quarter }, { $area }: servicios con 5 o más reportes de un mismo problema, según las mujeres que respondieron (anónimo).
obs-problem-line = • { $service }, { $place }: «{ $outcome }» — { $count } reportes
obs-problem-short = { $service }: «{ $outcome }» ({ $count })
obs-agenda-item = Vigilancia ciudadana { $quarter }: { $problems }
obs-problems-agenda = Lo agregué a la agenda de su próxima reunión ({ $when }). Registren en el acta qué acordaron hacer.
obs-problems-no-meeting = No hay una reunión programada: cuando la convoquen, agreguen este punto a la agenda y registren en el acta qué acordaron.
obs-problems-directory = Para el directorio: revisen estos datos con cada servicio y actualicen lo que haga falta.

## Her word on the services: one optional question, days later, in her safe hours.
fb-offer-button = 💬 En unos días, pregúntame cómo me atendieron
fb-offer-emergency = Si vas a alguno de estos servicios, en unos días puedo preguntarte cómo te atendieron. Es opcional y anónimo.
fb-when = En unos días te haré una sola pregunta: ¿pudiste ir y cómo te atendieron? Tu respuesta es anónima: solo se suma a las cifras del servicio. ¿A qué hora es seguro escribirte?
fb-no = No, gracias
fb-declined = Está bien, no te preguntaré nada.
fb-scheduled = Listo. En unos días te escribo una sola vez, { acc-hours }. Puedes ignorar el mensaje si prefieres.
fb-already = Ya tengo pendiente preguntarte cómo te fue. Te escribo en unos días.
fb-question =
    Hola 🌱
    Hace unos días te pasé datos de servicios. ¿Pudiste ir? ¿Cómo te atendieron?
    Elige adónde fuiste. Es anónimo: tu respuesta solo se suma a las cifras del servicio.
fb-how = ¿Cómo te atendieron?
fb-outcome-not_gone = No fui
fb-outcome-no_answer = No contestaron
fb-outcome-closed = Estaba cerrado
fb-outcome-money = Me pidieron dinero
fb-outcome-refused = No quisieron recibir mi denuncia
fb-outcome-mistreated = Me trataron mal
fb-outcome-helped = Me ayudaron
fb-thanks = Gracias por contarlo 💜. Lo sumé a las cifras, sin tu nombre.
fb-thanks-problem =
    Gracias por contarlo 💜. Lo sumé a las cifras del servicio, sin tu nombre: cuando varias mujeres cuentan lo mismo, llega a la instancia de concertación de tu zona para que lo revise.
    Si necesitas orientación, llama gratis a la Línea 100.
fb-answered = Ya registré tu respuesta. Gracias 💜.
